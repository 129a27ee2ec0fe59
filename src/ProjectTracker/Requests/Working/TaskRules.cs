using ProjectTracker.Access;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Requests.Working;

public static class TaskRules
{
    /// <summary>A task that can still be worked: the request open, the task open or accepted.</summary>
    public static RequestTask WorkableTask(this Request request, Guid taskId, string action)
    {
        var task = request.Task(taskId) ?? throw Refusal.NotFound($"Task {taskId}");
        request.EnsureOpen(action);
        if (!task.IsActive) throw Refusal.Conflict($"Cannot {action}: the task is {task.State}.");
        return task;
    }

    /// <summary>Only the department or task force holding a task works it.</summary>
    public static void EnsureWorksOn(this Caller caller, Request request, Guid taskId)
    {
        var task = request.Task(taskId) ?? throw Refusal.NotFound($"Task {taskId}");
        if (!caller.WorksFor(task.AssigneeId))
            throw Refusal.Forbidden($"The task is held by {task.AssigneeKind} {task.AssigneeId}, which you do not work for.");
    }
}
