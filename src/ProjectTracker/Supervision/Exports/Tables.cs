using ProjectTracker.Escalations;
using ProjectTracker.Supervision.Rankings;
using ProjectTracker.Supervision.Scorecards;

namespace ProjectTracker.Supervision.Exports;

/// <summary>What each export's columns are, headed in Chinese and English.</summary>
public static class Tables
{
    public static readonly string[] ScorecardHeaders =
    [
        "单位类别 Unit kind", "单位 Unit", "单位编号 Unit id", "起始日期 From", "截止日期 To", "收到诉求 Received", "撤回 Withdrawn", "不予受理 Rejected",
        "按时分解推送 Dispatched on time", "超时分解推送 Dispatched late", "待分解推送 Dispatch pending", "按时分解推送率 Dispatch on-time rate",
        "分解推送用时中位数(工作小时) Median working hours to dispatch", "分解推送用时90分位(工作小时) 90th percentile working hours to dispatch",
        "按时答复 Answered on time", "超时答复 Answered late", "待答复 Answer pending", "按时答复率 Answer on-time rate",
        "答复用时中位数(工作小时) Median working hours to answer", "答复用时90分位(工作小时) 90th percentile working hours to answer",
        "时限中止诉求 Paused requests", "中止工作小时 Paused working hours", "重新办理 Reopened", "已答复 Answered", "重办率 Reopen rate",
        "满意度均值 Mean satisfaction", "1分 Rated 1", "2分 Rated 2", "3分 Rated 3", "4分 Rated 4", "5分 Rated 5", "已评价 Rated",
        "答复后办结 Closed after answer", "评价率 Rated share",
        "督查件 Escalations", "督查警示 Warning", "追责问责 Accountability", "分解超时 Dispatch overdue", "答复超时 Answer overdue", "节点超时 Milestone overdue",
        "认定无责 No fault", "已警示 Warning issued", "已问责 Accountability decided", "未决定 Undecided", "当前超时 Open overdue now", "当前临期 At risk now",
    ];

    public static ExportTable Scorecards(ScorecardList list) => new("Scorecards", ScorecardHeaders, [.. list.Scorecards.Select(c => (object?[])
    [
        c.Unit.Kind, c.Unit.Name, c.Unit.Id, c.Period.From, c.Period.To, c.Received, c.Withdrawn, c.Rejected,
        c.Dispatch.OnTime, c.Dispatch.Late, c.Dispatch.Pending, c.Dispatch.OnTimeRate, c.Dispatch.MedianHours, c.Dispatch.P90Hours,
        c.Answer.OnTime, c.Answer.Late, c.Answer.Pending, c.Answer.OnTimeRate, c.Answer.MedianHours, c.Answer.P90Hours,
        c.Paused.Requests, c.Paused.WorkingHours, c.Reopen.Reopened, c.Reopen.Answered, c.Reopen.Rate,
        c.Satisfaction.Mean, .. c.Satisfaction.Distribution.Cast<object?>(), c.Satisfaction.Rated, c.Satisfaction.ClosedAfterAnswer, c.Satisfaction.RatedShare,
        c.Escalations.Raised, c.Escalations.Warning, c.Escalations.Accountability, c.Escalations.DispatchOverdue, c.Escalations.ResolutionOverdue,
        c.Escalations.MilestoneOverdue, c.Escalations.NoFault, c.Escalations.WarningIssued, c.Escalations.AccountabilityDecided, c.Escalations.Undecided,
        c.Now.OpenOverdue, c.Now.AtRisk,
    ])]);

    public static readonly string[] RankingHeaders =
    [
        "名次 Rank", "单位类别 Unit kind", "单位 Unit", "得分 Score", "按时答复率 Answer on-time rate", "按时分解推送率 Dispatch on-time rate",
        "满意度均值 Mean satisfaction", "收到诉求 Received", "说明 Explanation",
    ];

    /// <summary>Ranked units, then those listed apart (no rank), then the formula and the tie rule as the last rows.</summary>
    public static ExportTable Ranking(Ranking r) => new("Ranking", RankingHeaders,
    [
        .. r.Ranked.Select(u => new object?[] { u.Rank, u.Unit.Kind, u.Unit.Name, u.Score, u.AnswerOnTimeRate, u.DispatchOnTimeRate, u.SatisfactionMean, u.Received, u.Explanation }),
        .. r.Unranked.Select(u => new object?[] { null, u.Unit.Kind, u.Unit.Name, null, null, null, null, u.Received, u.Reason }),
        [null, null, "公式 Formula", null, null, null, null, null, r.Formula],
        [null, null, "并列 Ties", null, null, null, null, null, r.TieRule],
    ]);

    public static readonly string[] EscalationHeaders =
    [
        "督查件编号 Escalation id", "诉求编号 Request number", "项目编号 Project id", "节点 Milestone", "类型 Kind", "级别 Level", "状态 Status",
        "责任方 Responsible", "到期时间 Due", "提出时间 Raised", "决定 Decision", "责任部门 Responsible department", "责任人 Responsible person", "摘要 Summary",
    ];

    /// <summary>Times in the zone's time (China Standard Time).</summary>
    public static ExportTable Escalations(IReadOnlyList<Escalation> escalations, TimeSpan zoneOffset) => new("Escalations", EscalationHeaders,
    [
        .. escalations.Select(e => new object?[]
        {
            e.Id, e.RequestNumber, e.ProjectId, e.Milestone, e.Kind, e.Level, e.Status,
            string.Join("; ", e.Responsible.Select(r => r.Id is { } id ? $"{r.Kind} {id}" : $"{r.Kind}")),
            e.DueAt.ToOffset(zoneOffset), e.RaisedAt.ToOffset(zoneOffset), e.Decision, e.ResponsibleDepartmentId, e.ResponsiblePerson, e.Summary,
        }),
    ]);
}
