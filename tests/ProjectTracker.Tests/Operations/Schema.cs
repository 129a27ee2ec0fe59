using Npgsql;

namespace ProjectTracker.Tests.Operations;

/// <summary>The service's schema objects in a database, as text to compare: tables' columns, indexes, functions, sequences.</summary>
public static class Schema
{
    public static async Task<string> DescribeAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select coalesce(string_agg(x, E'\n' order by x), '') from (
              select table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(column_default, '')
                from information_schema.columns where table_schema in ('projecttracker', 'wolverine')
              union all select schemaname || ' ' || indexdef from pg_indexes where schemaname in ('projecttracker', 'wolverine')
              union all select n.nspname || '.' || p.proname || ' ' || md5(pg_get_functiondef(p.oid))
                from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('projecttracker', 'wolverine') and p.prokind = 'f'
              union all select sequence_schema || '.' || sequence_name from information_schema.sequences where sequence_schema in ('projecttracker', 'wolverine')
            ) objects(x)
            """, conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
