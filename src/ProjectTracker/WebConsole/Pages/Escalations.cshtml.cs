using Marten;
using ProjectTracker.Access;
using ProjectTracker.Escalations;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.WebConsole.Pages;

/// <summary>
/// The supervisors' queue (GET /api/escalations's read): open escalations oldest first, the API's
/// filters in the address; <c>?decide={id}</c> opens the decision form for one. Acknowledge,
/// decide and close are the API's commands, sent with the version this page read.
/// </summary>
public sealed class EscalationsModel(IQuerySession session, TimeProvider clock) : ConsolePage
{
    public override string TitleKey => "escalations";
    public static readonly EscalationLevel[] Levels = Enum.GetValues<EscalationLevel>();
    public static readonly EscalationKind[] Kinds = Enum.GetValues<EscalationKind>();

    public EscalationLevel? Level { get; private set; }
    public EscalationKind? Kind { get; private set; }
    public bool IncludeClosed { get; private set; }
    public Read<Paged<EscalationView>> Queue { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> UnitNames { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyList<UnitOption> Departments { get; private set; } = [];
    public EscalationView? Deciding { get; private set; }
    public bool MayDecide { get; private set; }

    public async Task OnGetAsync(string? level, string? kind, string? includeClosed, Guid? decide)
    {
        (Level, Kind, IncludeClosed) = (Named<EscalationLevel>(level), Named<EscalationKind>(kind), includeClosed == "true");
        Queue = await ReadAsync(typeof(SupervisorQueueEndpoints), nameof(SupervisorQueueEndpoints.List), () => SupervisorQueueEndpoints.List(
            session, HttpContext, null, IncludeClosed ? true : null, Level, Kind, null, null, null, null, null, 1, Limits.PageSizeMax, null, clock));
        if (!Queue.Ok) { Notice = ("error", Refused(Queue)); return; }
        var units = await UnitsAsync(session);
        UnitNames = units.ToDictionary(u => u.Id, u => u.Name);
        Departments = [.. units.Where(u => u.Kind == Requests.AssigneeKind.Department)];
        MayDecide = await AllowedAsync(typeof(DecideEscalationEndpoint), nameof(DecideEscalationEndpoint.Decide));
        Deciding = MayDecide ? Queue.Value!.Items.FirstOrDefault(e => e.Id == decide && e.Status is EscalationStatus.Open or EscalationStatus.Acknowledged) : null;
    }

    /// <summary>This queue's address with its filters (where a decision returns to).</summary>
    public string FilteredHref(Guid? decide = null)
    {
        var query = new List<string>();
        if (Level is { } l) query.Add($"level={l}");
        if (Kind is { } k) query.Add($"kind={k}");
        if (IncludeClosed) query.Add("includeClosed=true");
        if (decide is { } d) query.Add($"decide={d}");
        return query.Count == 0 ? "/console/escalations" : $"/console/escalations?{string.Join("&", query)}";
    }

    public string NamedOf(Responsible r) => r.Id is { } id && UnitNames.TryGetValue(id, out var name) ? $"{T(r.Kind.ToString())} {name}"
        : r.Id is { } other ? $"{T(r.Kind.ToString())} {other.ToString()[..8]}" : T(r.Kind.ToString());
}
