using System.Runtime.CompilerServices;
using Marten;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.History;

/// <summary>
/// What the list reads share: a page of documents and its total, or a stream of them, from a history
/// table's rows of today (<c>at</c> null) or valid at a past instant (<see cref="ValidTime.Rows"/>).
/// </summary>
public static class HistoryReads
{
    public static string Table(this IQuerySession session, string table) => $"{session.DocumentStore.Options.DatabaseSchemaName}.{table}";

    /// <summary>
    /// One page, in <paramref name="order"/> (columns of the table, the last one unique), of the rows
    /// that match <paramref name="where"/>: the rows are chosen and ordered from the narrow columns
    /// (index-only), then only the page's documents are read. The total is counted up to
    /// <paramref name="countUpTo"/> or the end of the page asked, whichever is further (<see cref="Paged{T}.TotalIsExact"/>).
    /// </summary>
    public static async Task<Paged<T>> PageAsync<T>(IQuerySession session, string table, DateTimeOffset? at, Func<Sql, string> where,
        (string Column, bool Descending)[] order, int? page, int? pageSize, CancellationToken ct, long countUpTo = Paging.CountedUpTo)
    {
        var wanted = Paging.Read(page, pageSize);
        var bound = Math.Max(countUpTo, wanted.Skip + wanted.Size);
        var counted = await CountAsync(session, table, at, where, ct, upTo: bound + 1);
        var (total, exact) = counted > bound ? (bound, false) : (counted, true);
        if (wanted.Skip >= total) return new Paged<T>([], wanted.Page, wanted.Size, total, exact);
        var paging = new Sql();
        var chosen = $"{Chosen(paging, table, at, where, order)} limit {paging.P(wanted.Size)} offset {paging.P(wanted.Skip)}";
        var items = await JsonAsync<T>(session, $"select h.data::text from ({chosen}) p join {table} h using (id, version) order by {OrderBy(order, "p.")}",
            paging.Values, ct);
        return new Paged<T>(items, wanted.Page, wanted.Size, total, exact);
    }

    /// <summary>How many rows match, counting no further than <paramref name="upTo"/> if given.</summary>
    public static async Task<long> CountAsync(IQuerySession session, string table, DateTimeOffset? at, Func<Sql, string> where, CancellationToken ct,
        long? upTo = null)
    {
        var counting = new Sql();
        var rows = $"{ValidTime.Rows(counting, table, "id", at, where)} v";
        if (upTo is { } most) rows = $"(select from {rows} limit {counting.P(most)}) c";
        return (await session.QueryAsync<long>($"select count(*) from {rows}", ct, counting.Values))[0];
    }

    /// <summary>Every matching document, in <paramref name="order"/>, streamed (one query: one consistent answer, however long).</summary>
    public static async IAsyncEnumerable<T> StreamAsync<T>(IQuerySession session, string table, DateTimeOffset? at, Func<Sql, string> where,
        (string Column, bool Descending)[] order, int limit, [EnumeratorCancellation] CancellationToken ct)
    {
        var sql = new Sql();
        var chosen = $"{Chosen(sql, table, at, where, order)} limit {sql.P(limit)}";
        var serializer = session.DocumentStore.Options.Serializer();
        await foreach (var text in session.AdvancedSql.StreamAsync<string>(
                           $"select h.data::text from ({chosen}) p join {table} h using (id, version) order by {OrderBy(order, "p.")}", ct, sql.Values))
            yield return Deserialize<T>(serializer, text);
    }

    private static string Chosen(Sql sql, string table, DateTimeOffset? at, Func<Sql, string> where, (string Column, bool Descending)[] order)
    {
        var columns = string.Join(", ", order.Where(o => o.Column != "id").Select(o => o.Column));
        return $"select id, version, {columns} from {ValidTime.Rows(sql, table, $"id, version, {columns}", at, where)} v order by {OrderBy(order, "")}";
    }

    private static string OrderBy((string Column, bool Descending)[] order, string alias) =>
        string.Join(", ", order.Select(o => $"{alias}{o.Column}{(o.Descending ? " desc" : "")}"));

    /// <summary>Each row's one text column (JSON as Marten writes it) read as a <typeparamref name="T"/>.</summary>
    public static async Task<List<T>> JsonAsync<T>(IQuerySession session, string sql, object[] values, CancellationToken ct)
    {
        var texts = await session.QueryAsync<string>(sql, ct, values);
        var serializer = session.DocumentStore.Options.Serializer();
        return texts.Select(text => Deserialize<T>(serializer, text)).ToList();
    }

    private static T Deserialize<T>(ISerializer serializer, string text)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        return serializer.FromJson<T>(stream);
    }
}
