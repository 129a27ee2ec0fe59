using JasperFx.Events;
using Marten.Events.Aggregation;
using ProjectTracker.Deadlines.Calendars;
using ProjectTracker.Deadlines.Sweeping;
using ProjectTracker.Requests;

namespace ProjectTracker.Supervision.Scorecards;

/// <summary>
/// Keeps one <see cref="RequestOutcome"/> per request from the request's events, inline: in the
/// same transaction as the events (see ScorecardModel for why inline). Working time is counted on
/// the zone's calendar as it stands when the event is projected (a rebuild counts on today's).
/// </summary>
public sealed class RequestOutcomeProjection : SingleStreamProjection<RequestOutcome, Guid>
{
    private readonly ZoneCalendars _calendars;

    public RequestOutcomeProjection(ZoneCalendars calendars)
    {
        _calendars = calendars;
        // Only request streams: no other stream's events load or write an outcome.
        foreach (var type in new[]
        {
            typeof(RequestFiled), typeof(TasksDispatched), typeof(TaskResolved), typeof(TaskHandedBack), typeof(TaskTransferred),
            typeof(ClockPaused), typeof(ClockResumed), typeof(ClockRecomputed), typeof(ClockAtRisk), typeof(TaskAtRisk),
            typeof(RequestAnswered), typeof(AnswerConfirmed), typeof(RequestReopened), typeof(RequestAutoClosed),
            typeof(RequestWithdrawn), typeof(RequestRejected),
        }) IncludeType(type);
    }

    public override RequestOutcome? Evolve(RequestOutcome? snapshot, Guid id, IEvent e)
    {
        var calendar = _calendars.Current;
        if (e.Data is RequestFiled filed) snapshot = Filed(filed, calendar);
        else if (snapshot is null) return null;
        else Change(snapshot, e.Data, calendar);
        snapshot.Credits = Credits.For(snapshot, calendar);
        return snapshot;
    }

    private static RequestOutcome Filed(RequestFiled e, WorkingCalendar calendar) => new()
    {
        Id = e.RequestId, Number = e.Number, EnterpriseId = e.EnterpriseId, SecretaryId = e.SecretaryId, FiledAt = e.At,
        FiledOn = DateOnly.FromDateTime(e.At.ToOffset(calendar.ZoneOffset).DateTime), Status = RequestStatus.Filed, IsOpen = true,
        DispatchDue = e.DispatchDue, Cycles = [new AnswerCycle { Start = e.At, Due = e.ResolutionDue }],
    };

    private static void Change(RequestOutcome o, object data, WorkingCalendar calendar)
    {
        TaskTrack Task(Guid id) => o.Tasks.First(t => t.TaskId == id);
        switch (data)
        {
            case TasksDispatched e:
                o.Tasks.AddRange(e.Tasks.Select(t => new TaskTrack { TaskId = t.TaskId, Holdings = [new Holding(Kind(t.AssigneeKind), t.AssigneeId, e.At)] }));
                MeetDispatch(o, e.At, calendar);
                o.Status = RequestStatus.Dispatched;
                break;
            case TaskResolved e: o.Current.Resolved[e.TaskId] = e.At; Task(e.TaskId).AtRisk = false; break;
            case TaskHandedBack e: Task(e.TaskId).LetGoAt = e.At; break;
            case TaskTransferred e:
                var moved = Task(e.TaskId);
                moved.Holdings.Add(new Holding(Kind(e.AssigneeKind), e.AssigneeId, e.At));
                moved.AtRisk = false;
                break;
            case ClockPaused e: o.Current.PausedAt = e.At; break;
            case ClockResumed e:
                o.Current.Pauses.Add(new PauseTaken(e.PausedAt, e.At, e.Paused.TotalMinutes));
                o.Current.PausedAt = null;
                o.Current.Due = e.ResolutionDue;
                break;
            case ClockRecomputed e when e.Clock == DeadlineKind.Dispatch: o.DispatchDue = e.Due; break;
            case ClockRecomputed e: o.Current.Due = e.Due; break;
            case ClockAtRisk e when e.Clock == DeadlineKind.Dispatch: o.DispatchAtRisk = true; break;
            case ClockAtRisk e when e.Cycle == o.Cycles.Count - 1: o.Current.AtRisk = true; break;
            case TaskAtRisk e: Task(e.TaskId).AtRisk = true; break;
            case RequestAnswered e:
                o.Current.MetAt = e.At;
                o.FirstAnsweredAt ??= e.At;
                o.Status = RequestStatus.Answered; o.IsOpen = false;
                break;
            case AnswerConfirmed e: o.Satisfaction = e.Satisfaction; o.ClosedAfterAnswer = true; o.Status = RequestStatus.Closed; break;
            case RequestAutoClosed: o.ClosedAfterAnswer = true; o.Status = RequestStatus.Closed; break;
            case RequestReopened e:
                o.Reopens++;
                o.Cycles.Add(new AnswerCycle { Start = e.At, Due = e.ResolutionDue });
                foreach (var t in o.Tasks) t.AtRisk = false;
                o.Status = RequestStatus.Dispatched; o.IsOpen = true;
                break;
            case RequestWithdrawn e: o.WithdrawnAt = e.At; o.Status = RequestStatus.Withdrawn; o.IsOpen = false; break;
            case RequestRejected e:
                o.RejectedAt = e.At;
                MeetDispatch(o, e.At, calendar);
                o.Current.MetAt ??= e.At;
                o.FirstAnsweredAt ??= e.At;
                o.Status = RequestStatus.Rejected; o.IsOpen = false;
                break;
        }
    }

    private static void MeetDispatch(RequestOutcome o, DateTimeOffset at, WorkingCalendar calendar)
    {
        if (o.DispatchMetAt is not null) return;
        o.DispatchMetAt = at;
        o.MinutesToDispatch = calendar.Between(o.FiledAt, at).TotalMinutes;
    }

    private static UnitKind Kind(AssigneeKind kind) => kind == AssigneeKind.Department ? UnitKind.Department : UnitKind.TaskForce;
}
