namespace ProjectTracker.Projects.Approvals;

/// <summary>One kind of pre-construction procedure (前期手续) and how long its department takes.</summary>
public sealed class ProcedureKind
{
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    /// <summary>The standard processing time (办理时限), counted in the zone's working days.</summary>
    public int StandardWorkingDays { get; set; }

    public static ProcedureKind Of(string zh, string en, int days) => new() { NameZh = zh, NameEn = en, StandardWorkingDays = days };
}

/// <summary>
/// The catalogue of procedure kinds (configuration section Approvals:Kinds, keyed by the name the
/// API uses). A zone may change the times or add kinds; the defaults are the usual ones.
/// </summary>
public sealed class ApprovalsOptions
{
    /// <summary>
    /// The zone's approvals task force (审批专班, setting Approvals:TaskForceId): besides the owning
    /// task force's people, its members and lead may be a project's chief service officer.
    /// </summary>
    public Guid? TaskForceId { get; set; }

    public Dictionary<string, ProcedureKind> Kinds { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["LandUse"] = ProcedureKind.Of("用地", "Land use", 20),
        ["PlanningPermit"] = ProcedureKind.Of("规划许可", "Planning permit", 10),
        ["EnvironmentalAssessment"] = ProcedureKind.Of("环评", "Environmental assessment", 15),
        ["EnergyReview"] = ProcedureKind.Of("能评", "Energy review", 10),
        ["ConstructionDrawingsReview"] = ProcedureKind.Of("施工图审查", "Construction drawings review", 10),
        ["ConstructionPermit"] = ProcedureKind.Of("施工许可", "Construction permit", 5),
        ["FireDesign"] = ProcedureKind.Of("消防设计", "Fire design", 10),
        ["Other"] = ProcedureKind.Of("其他", "Other", 5),
    };

    /// <summary>The catalogue's own key for a kind (its spelling), or null when the kind is not in it.</summary>
    public string? Find(string? kind) =>
        kind is null ? null : Kinds.Keys.FirstOrDefault(k => string.Equals(k, kind.Trim(), StringComparison.OrdinalIgnoreCase));
}
