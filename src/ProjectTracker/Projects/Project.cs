namespace ProjectTracker.Projects;

/// <summary>A key project's milestones, in the order they depend on each other.</summary>
public enum Milestone
{
    Signed,               // 签约
    ConstructionStarted,  // 开工
    PlantDelivered,       // 厂房交付
    MovedIn,              // 企业入驻
    ProductionStarted,    // 投产
    FullProduction,       // 达产
}

/// <summary>Where a project stands: the furthest milestone achieved, Registered before any.</summary>
public enum ProjectStage { Registered, Signed, ConstructionStarted, PlantDelivered, MovedIn, ProductionStarted, FullProduction }

public enum ProjectStatus { Active, Suspended, Cancelled }

public sealed record Replan(DateOnly From, DateOnly To, string Reason, Guid By, DateTimeOffset At);

public sealed class MilestoneProgress
{
    public Milestone Milestone { get; set; }
    public DateOnly? OriginalPlanned { get; set; }
    public DateOnly? Planned { get; set; }
    /// <summary>End of the planned day in the zone; past it, unachieved, the milestone is late.</summary>
    public DateTimeOffset? Due { get; set; }
    /// <summary>Counts plans and replans: a deadline message carrying an older revision is stale.</summary>
    public int Revision { get; set; }
    public List<Replan> Replans { get; set; } = [];
    public DateOnly? Actual { get; set; }
    public string? Evidence { get; set; }
    public string? OutOfOrderReason { get; set; }
    public Guid? RecordedBy { get; set; }
    public DateTimeOffset? RecordedAt { get; set; }
    /// <summary>Revisions whose deadline already raised an escalation (each at most once).</summary>
    public List<int> EscalatedRevisions { get; set; } = [];
    public List<Guid> EscalationIds { get; set; } = [];

    public bool Achieved => Actual is not null;
}

/// <summary>
/// A key project (重点项目) tracked by its owning task force from signing to full production,
/// rebuilt from its stream. The inline snapshot is also the read model for details and lists.
/// </summary>
public sealed partial class Project
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public Guid LeadEnterpriseId { get; set; }
    public decimal InvestmentYuan { get; set; }
    public string Industry { get; set; } = "";
    public Guid TaskForceId { get; set; }
    public string Location { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }
    public ProjectStatus Status { get; set; }
    public string? StatusReason { get; set; }
    public ProjectStage Stage { get; set; }
    /// <summary>All six milestones, in order, planned or not.</summary>
    public List<MilestoneProgress> Milestones { get; set; } = [];
    /// <summary>
    /// The earliest due time among unachieved planned milestones (none once cancelled): "late"
    /// in lists is this compared with the clock, so it shows the moment a date passes.
    /// </summary>
    public DateTimeOffset? NextDue { get; set; }

    public MilestoneProgress Of(Milestone milestone) => Milestones[(int)milestone];

    public static Project Create(ProjectRegistered e) => new()
    {
        Id = e.ProjectId, Name = e.Name, LeadEnterpriseId = e.LeadEnterpriseId, InvestmentYuan = e.InvestmentYuan, Industry = e.Industry,
        TaskForceId = e.TaskForceId, Location = e.Location, RegisteredAt = e.At, Status = ProjectStatus.Active, Stage = ProjectStage.Registered,
        Milestones = Enum.GetValues<Milestone>().Select(m => new MilestoneProgress { Milestone = m }).ToList(),
    };

    public void Apply(MilestonePlanned e)
    {
        var m = Of(e.Milestone);
        m.OriginalPlanned = m.Planned = e.Date; m.Due = e.Due; m.Revision = e.Revision;
        Recompute();
    }

    public void Apply(MilestoneReplanned e)
    {
        var m = Of(e.Milestone);
        m.Replans.Add(new Replan(m.Planned!.Value, e.Date, e.Reason, e.By, e.At));
        m.Planned = e.Date; m.Due = e.Due; m.Revision = e.Revision;
        Recompute();
    }

    public void Apply(MilestoneAchieved e)
    {
        var m = Of(e.Milestone);
        m.Actual = e.Date; m.Evidence = e.Evidence; m.OutOfOrderReason = e.OutOfOrderReason; m.RecordedBy = e.By; m.RecordedAt = e.At;
        Recompute();
    }

    public void Apply(MilestoneDeadlinePassed e)
    {
        var m = Of(e.Milestone);
        m.EscalatedRevisions.Add(e.Revision); m.EscalationIds.Add(e.EscalationId);
    }

    public void Apply(ProjectSuspended e) { Status = ProjectStatus.Suspended; StatusReason = e.Reason; }
    public void Apply(ProjectResumed e) { Status = ProjectStatus.Active; StatusReason = e.Reason; }
    public void Apply(ProjectCancelled e) { Status = ProjectStatus.Cancelled; StatusReason = e.Reason; Recompute(); }

    private void Recompute()
    {
        var furthest = Milestones.LastOrDefault(m => m.Achieved);
        Stage = furthest is null ? ProjectStage.Registered : (ProjectStage)((int)furthest.Milestone + 1);
        NextDue = Status == ProjectStatus.Cancelled ? null : Milestones.Where(m => !m.Achieved && m.Due is not null).Min(m => m.Due);
    }
}
