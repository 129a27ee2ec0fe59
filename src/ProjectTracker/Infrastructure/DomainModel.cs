using Marten;

namespace ProjectTracker.Infrastructure;

/// <summary>The one list of what Marten stores: streams with their snapshots, and read models.</summary>
public static class DomainModel
{
    public static void Configure(StoreOptions o)
    {
    }
}
