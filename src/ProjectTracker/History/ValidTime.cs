namespace ProjectTracker.History;

/// <summary>
/// The valid time of a history row: from the event that made the version (valid_from, the event's
/// timestamp) to the event that replaced it (valid_to; 'infinity' while it is the latest).
///
/// "Which rows were valid at T" is a stabbing query (valid_from &lt;= T &lt; valid_to), which one
/// b-tree answers badly: by valid_from it reads every version begun before T, by valid_to every one
/// ended after it (up to half of all rows for a T in mid-history). So each row also carries its
/// <c>span</c>, a class of its length set when it is closed, and the query asks each class
/// separately: a row of class k is shorter than Bounds[k], so it can only be valid at T if it began
/// after T - Bounds[k], a narrow range of an index on (span, valid_from). The last class (still
/// open, or longer than the longest bound) is read by valid_from &lt;= T alone: those rows are the
/// ones valid at T (and at every later instant), so nothing is read in vain. Each read then costs
/// about the rows valid at T, whenever T is.
/// </summary>
public static class ValidTime
{
    /// <summary>Upper bounds of the classes 0..3; class 4 is still open or longer.</summary>
    public static readonly TimeSpan[] Bounds = [TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(35), TimeSpan.FromDays(400)];
    public static int Open => Bounds.Length;

    /// <summary>The SQL function giving a closed row its class (created with the tables).</summary>
    public static string SpanFunction(string schema)
    {
        var cases = string.Concat(Bounds.Select((b, k) => $" when valid_to - valid_from < interval '{b.TotalDays} days' then {k}"));
        return $"""
            create or replace function {schema}.history_span(valid_from timestamptz, valid_to timestamptz) returns smallint
            language sql immutable as $$
              select (case when valid_to = 'infinity' then {Open}{cases} else {Open} end)::smallint
            $$;
            """;
    }

    /// <summary>
    /// Today's rows (<paramref name="at"/> null: each record's latest version, read through the
    /// partial indexes on <c>valid_to = 'infinity'</c>) or those valid at an instant.
    /// </summary>
    public static string Rows(Sql sql, string table, string columns, DateTimeOffset? at, Func<Sql, string> where) =>
        at is { } instant ? RowsAt(sql, table, columns, instant, where)
        : $"(select {columns} from {table} where valid_to = 'infinity'{where(sql)})";

    /// <summary>
    /// The rows of <paramref name="table"/> valid at <paramref name="at"/> that also match
    /// <paramref name="where"/> (" and ..." over the table's columns, written with its values
    /// once per branch): one branch per class, so each reads its own narrow range.
    /// </summary>
    public static string RowsAt(Sql sql, string table, string columns, DateTimeOffset at, Func<Sql, string> where)
    {
        var branches = new List<string>();
        for (var k = 0; k <= Bounds.Length; k++)
        {
            var since = k < Bounds.Length ? $" and valid_from > {sql.P(at - Bounds[k])}" : "";
            branches.Add($"select {columns} from {table} where span = {k}{since} and valid_from <= {sql.P(at)} and valid_to > {sql.P(at)}{where(sql)}");
        }
        return "(" + string.Join(" union all ", branches) + ")";
    }
}

/// <summary>SQL text with Marten's positional <c>?</c> parameters, collected in the order they are written.</summary>
public sealed class Sql
{
    private readonly List<object> _values = [];

    public object[] Values => [.. _values];

    public string P(object value)
    {
        _values.Add(value);
        return "?";
    }
}
