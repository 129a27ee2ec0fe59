using Marten;
using Marten.Linq;

namespace ProjectTracker.Infrastructure;

/// <summary>One page of a list. Pages are 1-based; size defaults to 50 and is capped.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
{
    public Paged<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), Page, PageSize, Total);
}

public static class Paging
{
    public static (int Page, int Size) Normalise(int? page, int? pageSize) =>
        // Capped so that an offset ((page - 1) * size) can never overflow.
        (Math.Clamp(page ?? 1, 1, MaxPage), Math.Clamp(pageSize ?? 50, 1, Limits.PageSizeMax));

    public const int MaxPage = 100_000;

    /// <summary>
    /// One page of an ordered query, with the total. Past the end no row carries the total, so a
    /// later page counts first (Marten refuses statistics and a count on the same query).
    /// </summary>
    public static async Task<Paged<T>> PageAsync<T>(this IQueryable<T> query, int? page, int? pageSize, CancellationToken ct) where T : notnull
    {
        var (p, size) = Normalise(page, pageSize);
        var skip = (p - 1) * size;
        long? counted = p > 1 ? await query.CountAsync(ct) : null;
        if (skip >= counted) return new Paged<T>([], p, size, counted.Value);
        var items = await query.Stats(out QueryStatistics stats).Skip(skip).Take(size).ToListAsync(ct);
        return new Paged<T>(items, p, size, counted ?? stats.TotalResults);
    }
}
