using Marten;
using Npgsql;
using NpgsqlTypes;

namespace ProjectTracker.Escalations;

/// <summary>
/// Starts many escalation streams in one transaction with a handful of statements, where the usual
/// path sends two per escalation: ten thousand deadlines falling due at one instant must all be
/// escalated within a second. The batch is copied (binary COPY; arrays of thousands of parameters
/// were twice as slow) into a transaction-scoped table, then one statement calls Marten's own append
/// function per stream (version 0 expected, so an existing stream fails the transaction) and one
/// writes the inline snapshots Marten would have written. EscalationsInBulkTests reads both back
/// through Marten and appends on.
/// </summary>
public static class EscalationsInBulk
{
    /// <summary>
    /// Once per transaction, with the session in it (BeginTransactionAsync): the copy runs at once,
    /// the rest at SaveChanges, when the staging table is emptied.
    /// </summary>
    public static async Task RaiseAsync(IDocumentSession session, IReadOnlyCollection<EscalationRaised> raised, CancellationToken ct)
    {
        if (raised.Count == 0) return;
        var options = session.DocumentStore.Options;
        var events = (Marten.Events.EventGraph)options.Events;
        var mapping = events.EventMappingFor(typeof(EscalationRaised));
        var serializer = options.Serializer();
        var connection = session.Connection ?? throw new InvalidOperationException("Begin the session's transaction first.");

        await using (var create = new NpgsqlCommand(
            "create temp table if not exists escalations_raised (id uuid, event_id uuid, body jsonb, doc jsonb) on commit delete rows", connection))
            await create.ExecuteNonQueryAsync(ct);
        await using (var copy = await connection.BeginBinaryImportAsync("copy escalations_raised (id, event_id, body, doc) from stdin (format binary)", ct))
        {
            foreach (var r in raised)
            {
                var escalation = Escalation.Create(r);
                escalation.Version = 1;
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.EscalationId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(serializer.ToJson(r), NpgsqlDbType.Jsonb, ct);
                await copy.WriteAsync(serializer.ToJson(escalation), NpgsqlDbType.Jsonb, ct);
            }
            await copy.CompleteAsync(ct);
        }

        session.QueueSqlCommand(
            $"select count({events.DatabaseSchemaName}.mt_quick_append_events(r.id, ?, ?, array[r.event_id], array[?]::varchar[], " +
            "array[?]::varchar[], array[r.body], array[null::bytea], 0)) from escalations_raised r",
            events.AggregateAliasFor(typeof(Escalation)), session.TenantId, mapping.EventTypeName, mapping.DotNetTypeName);
        session.QueueSqlCommand(
            $"insert into {options.FindOrResolveDocumentType(typeof(Escalation)).TableName.QualifiedName} (id, data, mt_dotnet_type, mt_version) " +
            "select r.id, r.doc, ?, 1 from escalations_raised r",
            typeof(Escalation).FullName!);
    }
}
