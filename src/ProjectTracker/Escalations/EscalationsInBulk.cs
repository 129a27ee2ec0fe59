using Marten;

namespace ProjectTracker.Escalations;

/// <summary>
/// Starts many escalation streams in one unit of work with two statements in all, where the usual
/// path sends two per escalation: ten thousand deadlines falling due at one instant must all be
/// escalated within a second. The first statement calls Marten's own append function once per
/// stream (version 1 expected, so an existing stream fails the transaction); the second writes the
/// inline snapshots Marten would have written. EscalationsInBulkTests reads both back through Marten.
/// </summary>
public static class EscalationsInBulk
{
    public static void Raise(IDocumentSession session, IReadOnlyCollection<EscalationRaised> raised)
    {
        if (raised.Count == 0) return;
        var options = session.DocumentStore.Options;
        var events = (Marten.Events.EventGraph)options.Events;
        var mapping = events.EventMappingFor(typeof(EscalationRaised));
        var serializer = options.Serializer();

        var ids = raised.Select(r => r.EscalationId).ToArray();
        var bodies = raised.Select(r => serializer.ToJson(r)).ToArray();
        var snapshots = raised.Select(r =>
        {
            var escalation = Escalation.Create(r);
            escalation.Version = 1;
            return serializer.ToJson(escalation);
        }).ToArray();

        session.QueueSqlCommand(
            $"select count({events.DatabaseSchemaName}.mt_quick_append_events(r.id, ?, ?, array[r.event_id], array[?]::varchar[], " +
            "array[?]::varchar[], array[r.body], array[null::bytea], 0)) from unnest(?::uuid[], ?::uuid[], ?::jsonb[]) as r(id, event_id, body)",
            events.AggregateAliasFor(typeof(Escalation)), session.TenantId, mapping.EventTypeName, mapping.DotNetTypeName,
            ids, raised.Select(_ => Guid.CreateVersion7()).ToArray(), bodies);
        session.QueueSqlCommand(
            $"insert into {options.FindOrResolveDocumentType(typeof(Escalation)).TableName.QualifiedName} (id, data, mt_dotnet_type, mt_version) " +
            "select s.id, s.data, ?, 1 from unnest(?::uuid[], ?::jsonb[]) as s(id, data)",
            typeof(Escalation).FullName!, ids, snapshots);
    }
}
