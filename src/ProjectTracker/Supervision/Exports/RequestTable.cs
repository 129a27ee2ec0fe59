using ProjectTracker.Requests;

namespace ProjectTracker.Supervision.Exports;

/// <summary>The request search's columns, headed in Chinese and English; times in the zone's time.</summary>
public static class RequestTable
{
    public static readonly string[] Headers =
    [
        "诉求编号 Request number", "提交时间 Filed", "企业 Enterprise", "企业编号 Enterprise id", "类别 Category", "标题 Title", "状态 Status",
        "分解推送期限 Dispatch due", "分解推送时间 Dispatched", "分解推送超时 Dispatch overdue",
        "答复期限 Answer due", "答复时间 Answered", "答复超时 Answer overdue", "时限中止 Paused", "临期 At risk",
        "承办单位 Assignees", "重新办理次数 Reopened", "满意度 Satisfaction", "办结时间 Closed",
    ];

    /// <summary>
    /// One row of a request already observed at the export's instant (its breaches judged). Units are
    /// those holding or having resolved a task (not the ones handed back or superseded).
    /// </summary>
    public static object?[] Row(RequestView r, TimeSpan zoneOffset, IReadOnlyDictionary<Guid, string> names)
    {
        DateTimeOffset? Local(DateTimeOffset? t) => t?.ToOffset(zoneOffset);
        string Name(Guid id) => names.TryGetValue(id, out var name) ? name : id.ToString();
        return
        [
            r.Number, Local(r.FiledAt), Name(r.EnterpriseId), r.EnterpriseId, r.Category, r.Title, r.Status,
            Local(r.Dispatch.Due), Local(r.Dispatch.MetAt), r.Dispatch.BreachedAt is not null,
            Local(r.Resolution.Due), Local(r.AnsweredAt), r.Resolution.BreachedAt is not null, r.Resolution.PausedAt is not null,
            r.IsOpen && (r.Dispatch.AtRisk || r.Resolution.AtRisk),
            string.Join("; ", r.Tasks.Where(t => t.IsActive || t.State == TaskState.Resolved).Select(t => Name(t.AssigneeId)).Distinct()),
            r.Cycle, r.Satisfaction, Local(r.ClosedAt),
        ];
    }
}
