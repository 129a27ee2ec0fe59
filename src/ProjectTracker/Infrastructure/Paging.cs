using Marten;
using Marten.Linq;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// One page of a list. Pages are 1-based; size defaults to 50, at most <see cref="Limits.PageSizeMax"/>.
/// <paramref name="TotalIsExact"/> false: the list holds more than <paramref name="Total"/> items, not counted further
/// (the long lists stop counting at <see cref="Paging.CountedUpTo"/> or just past the page asked).
/// </summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total, bool TotalIsExact = true)
{
    public Paged<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), Page, PageSize, Total, TotalIsExact);
}

/// <summary>The page asked for: valid, or a 400 naming the parameter (never silently another page).</summary>
public readonly record struct PageRequest(int Page, int Size)
{
    /// <summary>As a long: page 2,147,483,647 of 200 is past the end of any list, not an overflow.</summary>
    public long Skip => (long)(Page - 1) * Size;
}

public static class Paging
{
    private const int DefaultSize = 50;

    /// <summary>
    /// How far a long list counts its items: the exact size of an enterprise's 83,000 requests costs a
    /// scan of all of them (18 ms, more than the page), and twenty pages of 50 are more than anyone
    /// reads before narrowing the search.
    /// </summary>
    public const int CountedUpTo = 1_000;

    public static PageRequest Read(int? page, int? pageSize) =>
        page < 1 ? throw ApiProblem.Invalid("page", "page counts from 1.")
        : pageSize is < 1 or > Limits.PageSizeMax ? throw ApiProblem.Invalid("pageSize", $"pageSize must be between 1 and {Limits.PageSizeMax}.")
        : new PageRequest(page ?? 1, pageSize ?? DefaultSize);

    /// <summary>
    /// One page of an ordered query, with the total. Past the end no row carries the total, so a
    /// later page counts first (Marten refuses statistics and a count on the same query, which is
    /// why this is not Marten's ToPagedListAsync: its empty page past the end cannot say the total).
    /// </summary>
    public static async Task<Paged<T>> PageAsync<T>(this IQueryable<T> query, int? page, int? pageSize, CancellationToken ct) where T : notnull
    {
        var wanted = Read(page, pageSize);
        long? counted = wanted.Page > 1 ? await query.CountAsync(ct) : null;
        if (wanted.Skip >= counted) return new Paged<T>([], wanted.Page, wanted.Size, counted.Value);
        var items = await query.Stats(out QueryStatistics stats).Skip((int)wanted.Skip).Take(wanted.Size).ToListAsync(ct);
        return new Paged<T>(items, wanted.Page, wanted.Size, counted ?? stats.TotalResults);
    }

    /// <summary>The same for a list already in memory.</summary>
    public static Paged<T> Page<T>(this IReadOnlyList<T> all, int? page, int? pageSize)
    {
        var wanted = Read(page, pageSize);
        return new Paged<T>(wanted.Skip >= all.Count ? [] : all.Skip((int)wanted.Skip).Take(wanted.Size).ToList(), wanted.Page, wanted.Size, all.Count);
    }
}
