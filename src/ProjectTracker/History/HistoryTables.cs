using Marten;
using Npgsql;
using ProjectTracker.Escalations;
using ProjectTracker.Requests;

namespace ProjectTracker.History;

/// <summary>
/// The bitemporal read model behind <c>asOf</c> on the lists: one row per version of each request
/// and escalation, valid from the event that made it to the event that replaced it, holding the
/// document as it was (<c>data</c>) and the columns the lists filter and order by.
///
/// The rows are written by triggers on Marten's snapshot tables, in the transaction that writes
/// the snapshot, whatever writes it: Marten's inline projections, the sweep's bulk COPY of
/// escalations (Deadlines/Sweeping/EscalationsInBulk, COPY fires row triggers), a calendar
/// correction's recomputed dues (events, hence snapshots). So no write path has to remember them,
/// and a version committed without its history row cannot exist. Each version is the stream's
/// newest event when the snapshot is written (the events are inserted before it in the same
/// transaction), valid from that event's timestamp (the injected clock's, as for one stream's asOf).
/// A snapshot written again without a new event adds nothing.
///
/// The document itself lives out of line (toast_tuple_target), so the rows the lists scan stay
/// narrow; only a page's documents are read.
/// </summary>
public static class HistoryTables
{
    public const string Requests = "request_history";
    public const string Escalations = "escalation_history";

    /// <summary>The indexes the lists rely on; one missing (a database made before it) makes the schema check apply <see cref="Sql"/> again.</summary>
    public static readonly string[] Indexes =
    [
        $"{Requests}_valid", $"{Requests}_open_clocks", $"{Requests}_enterprise", $"{Requests}_assignees", $"{Requests}_now", $"{Requests}_now_enterprise",
        $"{Requests}_now_open_by_status", $"{Requests}_now_open_by_filing", $"{Requests}_now_dispatch", $"{Requests}_now_assignees", $"{Requests}_now_open_assignees", $"{Requests}_now_title",
        $"{Requests}_now_number",
        $"{Escalations}_valid", $"{Escalations}_open", $"{Escalations}_now_open", $"{Escalations}_now", $"{Escalations}_written",
    ];

    /// <summary>
    /// The trigger's step that ends the record's latest version where the new one begins (<c>v</c>, at
    /// <c>at</c>). A first version closes nothing (every filing, every escalation a sweep raises); a later
    /// one is found by its key, its version looked up first: written as "id = ? and valid_to = 'infinity'",
    /// the planner took a partial index on valid_to whose second column is the id, a scan of every
    /// current row per version (12 s for a sweep's COPY of 10,000 escalations, then a command timeout).
    /// </summary>
    private static string CloseLatest(string schema, string table) => $"""
        if v > 1 then
                update {schema}.{table} set valid_to = at, span = {schema}.history_span(valid_from, at)
                  where id = new.id and version = (select max(h.version) from {schema}.{table} h where h.id = new.id and h.version < v)
                    and valid_to = 'infinity';
              end if;
        """;

    public static string Sql(IReadOnlyStoreOptions options)
    {
        var schema = options.DatabaseSchemaName;
        var events = $"{options.Events.DatabaseSchemaName}.mt_events";
        var requests = options.FindOrResolveDocumentType(typeof(Request)).TableName.QualifiedName;
        var escalations = options.FindOrResolveDocumentType(typeof(Escalation)).TableName.QualifiedName;
        int filed = (int)RequestStatus.Filed, dispatched = (int)RequestStatus.Dispatched;
        int closed = (int)EscalationStatus.Closed, voided = (int)EscalationStatus.Voided;
        return $$"""
            {{ValidTime.SpanFunction(schema)}}

            create table if not exists {{schema}}.{{Requests}} (
              id uuid not null, version integer not null,
              valid_from timestamptz not null, valid_to timestamptz not null default 'infinity', span smallint not null default {{ValidTime.Open}},
              filed_at timestamptz not null, status smallint not null, category smallint not null,
              enterprise_id uuid not null, secretary_id uuid, assignee_ids uuid[] not null,
              awaits_dispatch boolean not null, at_risk boolean not null,
              dispatch_due timestamptz not null, dispatch_met_at timestamptz,
              resolution_due timestamptz not null, resolution_paused_at timestamptz,
              number text not null, title text not null, data jsonb not null,
              primary key (id, version)
            ) with (toast_tuple_target = 128);
            alter table {{schema}}.{{Requests}} alter column title set storage main;
            create index if not exists {{Requests}}_valid on {{schema}}.{{Requests}} (span, valid_from) include (valid_to, filed_at, id, version, status);
            -- The open versions carry what the overdue, at-risk and dispatch lists judge and order by: those read no heap.
            drop index if exists {{schema}}.{{Requests}}_open;
            create index if not exists {{Requests}}_open_clocks on {{schema}}.{{Requests}} (span, valid_from)
              include (valid_to, filed_at, id, version, status, dispatch_due, dispatch_met_at, resolution_due, resolution_paused_at, at_risk, awaits_dispatch, secretary_id)
              where status in ({{filed}}, {{dispatched}});
            create index if not exists {{Requests}}_enterprise on {{schema}}.{{Requests}} (enterprise_id, valid_from);
            create index if not exists {{Requests}}_assignees on {{schema}}.{{Requests}} using gin (assignee_ids);
            -- Today's lists: each request's latest version, in the search's order, per filter the lists use most.
            create index if not exists {{Requests}}_now on {{schema}}.{{Requests}} (filed_at desc, id desc) include (version, status, category, enterprise_id)
              where valid_to = 'infinity';
            create index if not exists {{Requests}}_now_enterprise on {{schema}}.{{Requests}} (enterprise_id, filed_at desc, id desc) include (version, status, category)
              where valid_to = 'infinity';
            drop index if exists {{schema}}.{{Requests}}_now_open;
            create index if not exists {{Requests}}_now_open_by_status on {{schema}}.{{Requests}} (status, filed_at desc, id desc)
              include (version, category, enterprise_id, dispatch_due, dispatch_met_at, resolution_due, resolution_paused_at, at_risk)
              where valid_to = 'infinity' and status in ({{filed}}, {{dispatched}});
            create index if not exists {{Requests}}_now_open_by_filing on {{schema}}.{{Requests}} (filed_at desc, id desc)
              include (version, status, dispatch_due, dispatch_met_at, resolution_due, resolution_paused_at, at_risk)
              where valid_to = 'infinity' and status in ({{filed}}, {{dispatched}});
            create index if not exists {{Requests}}_now_dispatch on {{schema}}.{{Requests}} (dispatch_due, id) include (version, secretary_id)
              where valid_to = 'infinity' and awaits_dispatch and status in ({{filed}}, {{dispatched}});
            create index if not exists {{Requests}}_now_assignees on {{schema}}.{{Requests}} using gin (assignee_ids) where valid_to = 'infinity';
            create index if not exists {{Requests}}_now_open_assignees on {{schema}}.{{Requests}} using gin (assignee_ids)
              where valid_to = 'infinity' and status in ({{filed}}, {{dispatched}});
            -- The text search (title contains, or the number): trigrams (pg_trgm ships with PostgreSQL and is a trusted extension).
            create extension if not exists pg_trgm;
            create index if not exists {{Requests}}_now_title on {{schema}}.{{Requests}} using gin (title gin_trgm_ops) where valid_to = 'infinity';
            create index if not exists {{Requests}}_now_number on {{schema}}.{{Requests}} (number) where valid_to = 'infinity';
            -- Most versions are not current, and most current ones closed: without this the planner takes a
            -- handful of open requests for hundreds of thousands and plans parallel, JIT-compiled scans.
            create statistics if not exists {{schema}}.{{Requests}}_now_status (mcv) on status, (valid_to = 'infinity') from {{schema}}.{{Requests}};
            analyze {{schema}}.{{Requests}};

            create or replace function {{schema}}.{{Requests}}_keep() returns trigger language plpgsql as $$
            declare
              d jsonb := new.data;
              v integer;
              at timestamptz;
            begin
              select e.version, e.timestamp into v, at from {{events}} e where e.stream_id = new.id order by e.version desc limit 1;
              if at is null then raise exception 'request_history: request % has no events', new.id; end if;
              {{CloseLatest(schema, Requests)}}
              insert into {{schema}}.{{Requests}} (id, version, valid_from, filed_at, status, category, enterprise_id, secretary_id, assignee_ids,
                awaits_dispatch, at_risk, dispatch_due, dispatch_met_at, resolution_due, resolution_paused_at, number, title, data)
              values (new.id, v, at, (d ->> 'FiledAt')::timestamptz, (d ->> 'Status')::smallint, (d ->> 'Category')::smallint,
                (d ->> 'EnterpriseId')::uuid, (d ->> 'SecretaryId')::uuid,
                array(select jsonb_array_elements_text(d -> 'AssigneeIds')::uuid),
                (d ->> 'AwaitsDispatch')::boolean,
                (d ->> 'Status')::smallint in ({{filed}}, {{dispatched}})
                  and ((d #>> '{Dispatch,MarkedAtRiskAt}' is not null and d #>> '{Dispatch,MetAt}' is null)
                    or (d #>> '{Resolution,MarkedAtRiskAt}' is not null and d #>> '{Resolution,MetAt}' is null)),
                (d #>> '{Dispatch,Due}')::timestamptz, (d #>> '{Dispatch,MetAt}')::timestamptz,
                (d #>> '{Resolution,Due}')::timestamptz, (d #>> '{Resolution,PausedAt}')::timestamptz,
                d ->> 'Number', d ->> 'Title', d)
              on conflict (id, version) do nothing;
              return null;
            end $$;
            create or replace trigger {{Requests}}_keep after insert or update on {{requests}}
              for each row execute function {{schema}}.{{Requests}}_keep();

            create table if not exists {{schema}}.{{Escalations}} (
              id uuid not null, version integer not null,
              valid_from timestamptz not null, valid_to timestamptz not null default 'infinity', span smallint not null default {{ValidTime.Open}},
              raised_at timestamptz not null, status smallint not null, level smallint not null, kind smallint not null,
              named_ids uuid[] not null, enterprise_id uuid, request_id uuid, project_id uuid, data jsonb not null,
              written xid8 not null default pg_current_xact_id(),
              primary key (id, version)
            ) with (toast_tuple_target = 128);
            -- Which transaction wrote a version: a kept scorecard asks whether any was written since (Supervision/Scorecards/ScorecardCache).
            alter table {{schema}}.{{Escalations}} add column if not exists written xid8 not null default pg_current_xact_id();
            create index if not exists {{Escalations}}_written on {{schema}}.{{Escalations}} (written) include (raised_at);
            create index if not exists {{Escalations}}_valid on {{schema}}.{{Escalations}} (span, valid_from) include (valid_to, raised_at, id, version, status);
            create index if not exists {{Escalations}}_open on {{schema}}.{{Escalations}} (span, valid_from) include (valid_to) where status not in ({{closed}}, {{voided}});
            create index if not exists {{Escalations}}_now_open on {{schema}}.{{Escalations}} (raised_at, id) include (version, level, kind, enterprise_id)
              where valid_to = 'infinity' and status not in ({{closed}}, {{voided}});
            create index if not exists {{Escalations}}_now on {{schema}}.{{Escalations}} (raised_at, id) include (version, status, level, kind)
              where valid_to = 'infinity';
            create statistics if not exists {{schema}}.{{Escalations}}_now_status (mcv) on status, (valid_to = 'infinity') from {{schema}}.{{Escalations}};
            analyze {{schema}}.{{Escalations}};

            create or replace function {{schema}}.{{Escalations}}_keep() returns trigger language plpgsql as $$
            declare
              d jsonb := new.data;
              v integer;
              at timestamptz;
            begin
              select e.version, e.timestamp into v, at from {{events}} e where e.stream_id = new.id order by e.version desc limit 1;
              if at is null then raise exception 'escalation_history: escalation % has no events', new.id; end if;
              {{CloseLatest(schema, Escalations)}}
              insert into {{schema}}.{{Escalations}} (id, version, valid_from, raised_at, status, level, kind, named_ids, enterprise_id, request_id, project_id, data)
              values (new.id, v, at, (d ->> 'RaisedAt')::timestamptz, (d ->> 'Status')::smallint, (d ->> 'Level')::smallint, (d ->> 'Kind')::smallint,
                array(select jsonb_array_elements_text(d -> 'NamedIds')::uuid),
                (d ->> 'EnterpriseId')::uuid, (d ->> 'RequestId')::uuid, (d ->> 'ProjectId')::uuid, d)
              on conflict (id, version) do nothing;
              return null;
            end $$;
            create or replace trigger {{Escalations}}_keep after insert or update on {{escalations}}
              for each row execute function {{schema}}.{{Escalations}}_keep();

            -- Records written before their table's history existed get their latest version (the
            -- trigger writes it, valid from their newest event): today's lists read nothing else.
            update {{requests}} d set data = d.data where not exists (select from {{schema}}.{{Requests}} h where h.id = d.id);
            update {{escalations}} d set data = d.data where not exists (select from {{schema}}.{{Escalations}} h where h.id = d.id);
            """;
    }

}
