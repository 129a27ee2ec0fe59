using System.Data.Common;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// Tables, indexes, functions and triggers of our own, kept beside Marten's by SQL (read models a
/// trigger keeps in the transaction that writes Marten's rows), as part of Marten's schema so that
/// `db-apply` creates them with the rest and a production node (which never creates schema) finds
/// them. Present or not is all it compares, by name (the tables and the indexes): its SQL is
/// idempotent (create if not exists, create or replace, backfills that skip what exists), and a
/// changed table or index ships under a new name.
/// </summary>
public sealed class SqlTables(Type owner, StoreOptions options, string[] tables, string[] indexes, Func<IReadOnlyStoreOptions, string> sql,
    params Type[] after) : FeatureSchemaBase(owner.Name, options.Advanced.Migrator)
{
    /// <summary>Marten keeps one feature per storage type: each set of tables is its owner's.</summary>
    public override Type StorageType => owner;

    private readonly IReadOnlyStoreOptions _options = options;
    private readonly string[] _tables = tables, _indexes = indexes;
    private readonly Func<IReadOnlyStoreOptions, string> _sql = sql;

    protected override IEnumerable<ISchemaObject> schemaObjects() => [new Statements(this)];
    public override IEnumerable<Type> DependentTypes() => after;

    private sealed class Statements(SqlTables feature) : ISchemaObject
    {
        private string Schema => feature._options.DatabaseSchemaName;

        public DbObjectName Identifier => new PostgresqlObjectName(Schema, feature._tables[0], SchemaUtils.IdentifierUsage.General);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine(feature._sql(feature._options));

        public void WriteDropStatement(Migrator migrator, TextWriter writer)
        {
            foreach (var table in feature._tables) writer.WriteLine($"drop table if exists {Schema}.{table} cascade;");
        }

        public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder) =>
            builder.Append($"select (select count(*) from pg_tables where schemaname = '{Schema}' and tablename in ({Quoted(feature._tables)})), " +
                $"(select count(*) from pg_indexes where schemaname = '{Schema}' and indexname in ({Quoted(feature._indexes)}));");

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
        {
            var (tables, indexes) = await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
            return new Delta(this, tables < feature._tables.Length ? SchemaPatchDifference.Create
                : indexes < feature._indexes.Length ? SchemaPatchDifference.Update
                : SchemaPatchDifference.None);
        }

        public IEnumerable<DbObjectName> AllNames() => [Identifier];

        private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
    }

    private sealed class Delta(ISchemaObject schemaObject, SchemaPatchDifference difference) : ISchemaObjectDelta
    {
        public ISchemaObject SchemaObject => schemaObject;
        public SchemaPatchDifference Difference => difference;
        public void WriteUpdate(Migrator rules, TextWriter writer) => schemaObject.WriteCreateStatement(rules, writer);
        public void WriteRollback(Migrator rules, TextWriter writer) => schemaObject.WriteDropStatement(rules, writer);
        public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer) => schemaObject.WriteDropStatement(rules, writer);
    }
}
