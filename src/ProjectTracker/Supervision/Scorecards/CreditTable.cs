using Marten;

namespace ProjectTracker.Supervision.Scorecards;

/// <summary>
/// The outcomes' credits as narrow rows, one per unit credited with a request: what the scorecards,
/// the ranking and the drill-down count, read from an index instead of unnesting every outcome's
/// JSON. Written by a trigger on the outcomes' table in the transaction that writes the outcome
/// (the inline projection's upsert, a rebuild, a bulk COPY), replaced whole with it, emptied with a
/// truncate of it: no write path has to remember it. The columns carry the credit's own names
/// (<see cref="Credit"/>, as Marten serializes it), so the SQL reads them as it read the JSON.
/// </summary>
public static class CreditTable
{
    public const string Name = "request_credit";

    /// <summary>One row: the last transaction that deleted outcomes (a reset), which no credit row can show (ScorecardCache).</summary>
    public const string Cleared = "request_credit_cleared";

    public static readonly string[] Indexes = [$"{Name}_request", $"{Name}_period", $"{Name}_open", $"{Name}_written"];

    /// <summary>The credit's fields, typed as the SQL compares them.</summary>
    public const string Columns = """
        "Kind" int, "UnitId" uuid, "Dispatch" int, "DispatchRunningDue" timestamptz, "Answer" int, "AnswerRunningDue" timestamptz,
        "AnswerPaused" boolean, "Answered" boolean, "MinutesToDispatch" float8, "MinutesToAnswer" float8, "PausedMinutes" float8,
        "Reopened" boolean, "Satisfaction" int, "ClosedAfterAnswer" boolean, "Withdrawn" boolean, "Rejected" boolean, "Open" boolean, "AtRisk" boolean
        """;

    private static readonly string Names = string.Join(", ", Columns.Split(',').Select(c => c.Trim().Split(' ')[0]));

    public static string Sql(IReadOnlyStoreOptions options)
    {
        var schema = options.DatabaseSchemaName;
        var outcomes = options.FindOrResolveDocumentType(typeof(RequestOutcome)).TableName.QualifiedName;
        var table = $"{schema}.{Name}";
        var credits = $"jsonb_to_recordset(d.data -> 'Credits') as c({Columns})";
        return $$"""
            create table if not exists {{table}} (request_id uuid not null, filed_on date not null, is_open boolean not null, {{Columns}},
              written xid8 not null default pg_current_xact_id());
            -- Which transaction wrote a row: a kept scorecard asks whether any was written since (ScorecardCache).
            alter table {{table}} add column if not exists written xid8 not null default pg_current_xact_id();
            create index if not exists {{Name}}_written on {{table}} (written) include (filed_on);
            create table if not exists {{schema}}.{{Cleared}} (written xid8 not null);
            insert into {{schema}}.{{Cleared}} select pg_current_xact_id() where not exists (select from {{schema}}.{{Cleared}});
            create index if not exists {{Name}}_request on {{table}} (request_id);
            create index if not exists {{Name}}_period on {{table}} ("Kind", filed_on) include ({{Names}}, request_id);
            create index if not exists {{Name}}_open on {{table}} ("Kind", "UnitId") include ("Open", "AtRisk", "DispatchRunningDue", "AnswerRunningDue", request_id)
              where is_open;

            create or replace function {{table}}_keep() returns trigger language plpgsql as $$
            begin
              if tg_op in ('UPDATE', 'DELETE') then delete from {{table}} where request_id = old.id; end if;
              if tg_op = 'DELETE' then update {{schema}}.{{Cleared}} set written = pg_current_xact_id(); end if;
              if tg_op in ('INSERT', 'UPDATE') then
                insert into {{table}} (request_id, filed_on, is_open, {{Names}})
                  select new.id, new.filed_on, new.is_open, {{Names}} from {{credits.Replace("d.data", "new.data")}};
              end if;
              return null;
            end $$;
            create or replace trigger {{Name}}_keep after insert or update or delete on {{outcomes}}
              for each row execute function {{table}}_keep();
            create or replace function {{table}}_clear() returns trigger language plpgsql as $$
            begin truncate {{table}}; update {{schema}}.{{Cleared}} set written = pg_current_xact_id(); return null; end $$;
            create or replace trigger {{Name}}_clear after truncate on {{outcomes}}
              for each statement execute function {{table}}_clear();

            -- Outcomes written before the table existed.
            insert into {{table}} (request_id, filed_on, is_open, {{Names}}) select d.id, d.filed_on, d.is_open, {{Names}} from {{outcomes}} d cross join lateral {{credits}}
              where not exists (select from {{table}} k where k.request_id = d.id);
            """;
    }
}
