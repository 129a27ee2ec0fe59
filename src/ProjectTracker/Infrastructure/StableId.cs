using System.Security.Cryptography;
using System.Text;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// A Guid derived from a name: the same deadline or the same idempotency key always maps to the
/// same stream, so a second attempt collides instead of duplicating.
/// </summary>
public static class StableId
{
    public static Guid From(params object[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', parts)));
        return new Guid(bytes.AsSpan(0, 16));
    }
}
