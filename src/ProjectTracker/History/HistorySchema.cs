using System.Data.Common;
using Marten;
using Weasel.Core;
using Weasel.Postgresql;

namespace ProjectTracker.History;

/// <summary>
/// The history tables, functions and triggers as part of Marten's schema, so that `db-apply`
/// creates them with the rest and a production node (which never creates schema) finds them.
/// Present or not is all it compares (the tables and their indexes): its SQL is idempotent (it
/// also gives records older than their history their latest version), and a changed trigger or index ships
/// with a new name.
/// </summary>
internal sealed class HistorySchema(IReadOnlyStoreOptions options) : ISchemaObject
{
    public DbObjectName Identifier { get; } = new PostgresqlObjectName(options.DatabaseSchemaName, HistoryTables.Requests, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General);

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine(HistoryTables.Sql(options));

    public void WriteDropStatement(Migrator migrator, TextWriter writer)
    {
        writer.WriteLine($"drop table if exists {options.DatabaseSchemaName}.{HistoryTables.Requests} cascade;");
        writer.WriteLine($"drop table if exists {options.DatabaseSchemaName}.{HistoryTables.Escalations} cascade;");
    }

    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder) =>
        builder.Append($"select (select count(*) from pg_tables where schemaname = '{options.DatabaseSchemaName}' and tablename in ('{HistoryTables.Requests}', '{HistoryTables.Escalations}')), " +
            $"(select count(*) from pg_indexes where schemaname = '{options.DatabaseSchemaName}' and indexname in ({string.Join(", ", HistoryTables.Indexes.Select(i => $"'{i}'"))}));");

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
    {
        var (tables, indexes) = await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
        return new Delta(this, tables < 2 ? SchemaPatchDifference.Create
            : indexes < HistoryTables.Indexes.Length ? SchemaPatchDifference.Update
            : SchemaPatchDifference.None);
    }

    public IEnumerable<DbObjectName> AllNames() => [Identifier];

    private sealed class Delta(ISchemaObject schemaObject, SchemaPatchDifference difference) : ISchemaObjectDelta
    {
        public ISchemaObject SchemaObject => schemaObject;
        public SchemaPatchDifference Difference => difference;
        public void WriteUpdate(Migrator rules, TextWriter writer) => schemaObject.WriteCreateStatement(rules, writer);
        public void WriteRollback(Migrator rules, TextWriter writer) => schemaObject.WriteDropStatement(rules, writer);
        public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer) => schemaObject.WriteDropStatement(rules, writer);
    }
}

/// <summary>Applied after the request and escalation tables its triggers sit on.</summary>
internal sealed class HistoryFeature(StoreOptions options) : Weasel.Core.Migrations.FeatureSchemaBase("History", options.Advanced.Migrator)
{
    protected override IEnumerable<ISchemaObject> schemaObjects() => [new HistorySchema(options)];
    public override IEnumerable<Type> DependentTypes() => [typeof(Requests.Request), typeof(Escalations.Escalation)];
}
