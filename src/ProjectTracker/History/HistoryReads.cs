using Marten;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.History;

/// <summary>What the list reads as of an instant share: a page of documents valid then, and its total.</summary>
public static class HistoryReads
{
    public static string Table(this IQuerySession session, string table) => $"{session.DocumentStore.Options.DatabaseSchemaName}.{table}";

    /// <summary>
    /// One page, in <paramref name="order"/> (columns of the table, the last one unique), of the rows
    /// of <paramref name="table"/> valid at <paramref name="at"/> that match <paramref name="where"/>:
    /// the rows are chosen and ordered from the narrow columns (index-only), then only the page's
    /// documents are read.
    /// </summary>
    public static async Task<Paged<T>> PageAsync<T>(IQuerySession session, string table, DateTimeOffset at, Func<Sql, string> where,
        (string Column, bool Descending)[] order, int? page, int? pageSize, CancellationToken ct)
    {
        var columns = string.Join(", ", order.Where(o => o.Column != "id").Select(o => o.Column));
        string OrderBy(string alias) => string.Join(", ", order.Select(o => $"{alias}{o.Column}{(o.Descending ? " desc" : "")}"));
        var wanted = Paging.Read(page, pageSize);
        var counting = new Sql();
        var total = (await session.QueryAsync<long>(
            $"select count(*) from {ValidTime.RowsAt(counting, table, "id", at, where)} v", ct, counting.Values))[0];
        if (wanted.Skip >= total) return new Paged<T>([], wanted.Page, wanted.Size, total);
        var paging = new Sql();
        var rows = ValidTime.RowsAt(paging, table, $"id, version, {columns}", at, where);
        var items = await DocumentsAsync<T>(session,
            $"select h.data::text from (select id, version, {columns} from {rows} v order by {OrderBy("")} " +
            $"limit {paging.P(wanted.Size)} offset {paging.P(wanted.Skip)}) p join {table} h using (id, version) order by {OrderBy("p.")}",
            paging.Values, ct);
        return new Paged<T>(items, wanted.Page, wanted.Size, total);
    }

    /// <summary>Every document of <paramref name="table"/> valid at <paramref name="at"/> that matches <paramref name="where"/>.</summary>
    public static Task<List<T>> AllAsync<T>(IQuerySession session, string table, DateTimeOffset at, Func<Sql, string> where, CancellationToken ct)
    {
        var sql = new Sql();
        var rows = ValidTime.RowsAt(sql, table, "id, version", at, where);
        return DocumentsAsync<T>(session, $"select h.data::text from {rows} v join {table} h using (id, version)", sql.Values, ct);
    }

    private static async Task<List<T>> DocumentsAsync<T>(IQuerySession session, string sql, object[] values, CancellationToken ct)
    {
        var texts = await session.QueryAsync<string>(sql, ct, values);
        var serializer = session.DocumentStore.Options.Serializer();
        return texts.Select(text =>
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
            return serializer.FromJson<T>(stream);
        }).ToList();
    }
}
