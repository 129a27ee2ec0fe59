namespace ProjectTracker.Infrastructure;

/// <summary>One page of a list. Pages are 1-based; size defaults to 50 and is capped.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public static class Paging
{
    public static (int Page, int Size) Normalise(int? page, int? pageSize) =>
        // Capped so that an offset ((page - 1) * size) can never overflow.
        (Math.Clamp(page ?? 1, 1, MaxPage), Math.Clamp(pageSize ?? 50, 1, Limits.PageSizeMax));

    public const int MaxPage = 100_000;
}
