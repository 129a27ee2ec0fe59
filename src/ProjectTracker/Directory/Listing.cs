using Marten;
using Marten.Linq;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Directory;

/// <summary>One page of a directory list, with the total so a client can page through it.</summary>
public static class Listing
{
    public static async Task<Paged<T>> PageAsync<T>(this IQueryable<T> query, int? page, int? pageSize, CancellationToken ct) where T : notnull
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        // A page far beyond the end is simply empty; computing its offset must not overflow.
        var skip = (long)(p - 1) * size;
        // Past the end no row carries the total, so a later page counts first (Marten refuses
        // statistics and a count on the same query).
        long? counted = p > 1 ? await query.CountAsync(ct) : null;
        if (skip > int.MaxValue || skip >= counted) return new Paged<T>([], p, size, counted ?? 0);
        var items = await query.Stats(out QueryStatistics stats).Skip((int)skip).Take(size).ToListAsync(ct);
        return new Paged<T>(items, p, size, counted ?? stats.TotalResults);
    }

    /// <summary>A free-text filter is input like any other: bounded, or 400.</summary>
    public static string? Search(string? q, string field = "q") =>
        q is { Length: > Limits.Name } ? throw ApiProblem.Invalid(field, $"{field} must be at most {Limits.Name} characters.") : q.Tidy();
}
