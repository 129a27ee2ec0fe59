using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Directory.TaskForces;
using ProjectTracker.Infrastructure;
using ProjectTracker.Projects.Overdue;
using ProjectTracker.Projects.Reading;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ProjectTracker.Projects.Registering;

public sealed record PlannedDateInput(Milestone? Milestone, DateOnly? Date);

public sealed record RegisterProjectInput(string? Name, Guid? LeadEnterpriseId, decimal? InvestmentYuan, string? Industry,
    Guid? TaskForceId, string? Location, PlannedDateInput[]? Plans)
{
    /// <summary>1 万亿 yuan: above any single project (the zone's whole yearly portfolio is 1,204-1,835 亿).</summary>
    public const decimal MaxInvestmentYuan = 1_000_000_000_000m;

    public Validation Check()
    {
        var v = new Validation()
            .Required("name", Name, Limits.Name)
            .NotEmpty("leadEnterpriseId", LeadEnterpriseId)
            .Required("investmentYuan", InvestmentYuan)
            .When(InvestmentYuan <= 0, "investmentYuan", "investmentYuan must be more than 0.")
            .When(InvestmentYuan > MaxInvestmentYuan, "investmentYuan", $"investmentYuan must be at most {MaxInvestmentYuan:0}.")
            .When(InvestmentYuan is { } y && decimal.Round(y, 2) != y, "investmentYuan", "investmentYuan has at most two decimals (fen).")
            .Required("industry", Industry, Limits.Name)
            .NotEmpty("taskForceId", TaskForceId)
            .Required("location", Location, Limits.ShortText)
            .Count("plans", Plans, 0, Enum.GetValues<Milestone>().Length);
        for (var i = 0; i < (Plans?.Length ?? 0); i++)
        {
            if (Plans![i] is not { } p) { v.Add($"plans[{i}]", "A plan is required."); continue; }
            v.Defined($"plans[{i}].milestone", p.Milestone).Date($"plans[{i}].date", p.Date);
        }
        return v.When(Plans?.Where(p => p is not null).GroupBy(p => p.Milestone).Any(g => g.Count() > 1) == true,
            "plans", "Each milestone is planned at most once.");
    }
}

public sealed record RegisterProject(Guid ProjectId, RegisterProjectInput Input, Guid By);

public static class RegisterProjectHandler
{
    public static (Guid, IStartStream, OutgoingMessages) Handle(RegisterProject cmd, TimeProvider clock, DeadlinePolicy policy)
    {
        var (events, deadlines) = Decide(cmd, clock.GetUtcNow(), policy);
        return (cmd.ProjectId, MartenOps.StartStream<Project>(cmd.ProjectId, events), deadlines);
    }

    /// <summary>The project and its initial plans in one stream start; each plan sets its milestone's deadline.</summary>
    public static (object[], OutgoingMessages) Decide(RegisterProject cmd, DateTimeOffset now, DeadlinePolicy policy)
    {
        var i = cmd.Input;
        var events = new List<object>
        {
            new ProjectRegistered(cmd.ProjectId, i.Name!.Trim(), i.LeadEnterpriseId!.Value, i.InvestmentYuan!.Value, i.Industry!.Trim(),
                i.TaskForceId!.Value, i.Location!.Trim(), cmd.By, now),
        };
        var deadlines = new OutgoingMessages();
        foreach (var (plan, index) in (i.Plans ?? []).Select((p, n) => (p, n)).OrderBy(x => x.p.Milestone))
        {
            var planned = new MilestonePlanned(plan.Milestone!.Value, plan.Date!.Value, 1,
                policy.PlanDue(plan.Date.Value, now, $"plans[{index}].date"), cmd.By, now);
            events.Add(planned);
            deadlines.Add(MilestoneDeadline.For(cmd.ProjectId, planned.Milestone, planned.Revision, planned.Due));
        }
        return ([.. events], deadlines);
    }
}

public static class RegisterProjectEndpoint
{
    public static ProblemDetails Validate(RegisterProjectInput? body) => body is null ? Validation.NullBody : body.Check().Result;

    [WolverinePost("/api/projects", Name = "RegisterProject"), Authorize(Roles = $"{Roles.Admin},{Roles.Lead}"), Tags("Projects")]
    [ProducesResponseType<ProjectDetails>(201), ProducesResponseType<ProblemDetails>(403)]
    public static async Task<IResult> Post(RegisterProjectInput body, HttpContext http, IQuerySession session, IMessageBus bus,
        TimeProvider clock, DeadlinePolicy policy)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var batch = session.CreateBatchQuery();
        var taskForce = batch.Load<TaskForce>(body.TaskForceId!.Value);
        var enterprise = batch.Load<Enterprise>(body.LeadEnterpriseId!.Value);
        await batch.Execute(ct);
        if (await taskForce is null) throw Refusal.Invalid("taskForceId", $"No task force {body.TaskForceId}.");
        if (await enterprise is null) throw Refusal.Invalid("leadEnterpriseId", $"No enterprise {body.LeadEnterpriseId}.");
        caller.EnsureLeads(body.TaskForceId.Value);

        var id = await bus.InvokeAsync<Guid>(new RegisterProject(Guid.CreateVersion7(), body, caller.UserId), ct);
        var project = (await session.LoadAsync<Project>(id, ct))!;
        return TypedResults.Created($"/api/projects/{id}", ProjectDetails.Of(project, clock.GetUtcNow(), policy));
    }
}
