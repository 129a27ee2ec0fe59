using Marten;
using Microsoft.Extensions.Options;
using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;
using ProjectTracker.Requests;
using ProjectTracker.Requests.Reading;

namespace ProjectTracker.WebConsole.Pages;

/// <summary>
/// A staff member's or lead's queue (GET /api/queues/tasks's read). <c>?task={id}</c> opens one of
/// its tasks with its request read now (the If-Match of accept, note progress, resolve, hand back,
/// transfer) and the task's progress notes (from the request's timeline: the notes are events).
/// </summary>
public sealed class TasksModel(IQuerySession session, TimeProvider clock, IOptions<DeadlineOptions> deadlines) : ConsolePage
{
    public override string TitleKey => "myTasks";
    public Read<Paged<TaskQueueItem>> Queue { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> UnitNames { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyList<UnitOption> Units { get; private set; } = [];
    public TaskQueueItem? Item { get; private set; }
    public Read<RequestDetails>? Opened { get; private set; }
    public TaskView? Work { get; private set; }
    public IReadOnlyList<TaskProgressNoted> Notes { get; private set; } = [];

    public async Task OnGetAsync(Guid? task)
    {
        Queue = await ReadAsync(typeof(QueueEndpoints), nameof(QueueEndpoints.Tasks),
            () => QueueEndpoints.Tasks(HttpContext, session, clock, null, 1, Limits.PageSizeMax, null));
        if (!Queue.Ok) { Notice = ("error", Refused(Queue)); return; }
        Units = await UnitsAsync(session);
        UnitNames = Units.ToDictionary(u => u.Id, u => u.Name);
        Item = Queue.Value!.Items.FirstOrDefault(k => k.TaskId == task);
        if (Item is null) return;
        var requestId = Item.RequestId;
        Opened = await ReadAsync(typeof(GetRequestEndpoint), nameof(GetRequestEndpoint.Get), () => GetRequestEndpoint.Get(requestId, null, HttpContext, session, clock));
        if (!Opened.Ok) { Notice = ("error", Refused(Opened)); Opened = null; return; }
        if (Opened.ETag is null) { Opened = null; return; }   // a read as of the past (?asOf=): nothing to act on
        Work = Opened.Value!.Request.Task(Item.TaskId);
        var timeline = await ReadAsync(typeof(TimelineEndpoint), nameof(TimelineEndpoint.Get),
            () => TimelineEndpoint.Get(requestId, null, HttpContext, session, clock, deadlines));
        Notes = [.. (timeline.Value ?? []).Select(e => e.Data).OfType<TaskProgressNoted>().Where(n => n.TaskId == Item.TaskId)];
    }

    public string UnitName(Guid id) => UnitNames.TryGetValue(id, out var name) ? name : id.ToString()[..8];
}
