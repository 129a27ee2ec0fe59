using Marten;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Deadlines.Sweeping;

/// <summary>
/// A due time written so close to now (or already past) that a sweep may have moved its cursor
/// beyond it: a recompute after a calendar correction, a resumption. Filing and reopening never
/// write one (their dues lie a working day or more ahead). Stored with the events that set the due;
/// the sweep of the request's lane decides it on the request's state, raises what is due (an
/// escalation that exists is skipped) and deletes the note, in one transaction.
/// </summary>
public sealed class DueBehind
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public DeadlineKind Kind { get; set; }
    public DateTimeOffset Due { get; set; }

    /// <summary>No sweep reads further ahead than this (SweepDeadlines caps its look-ahead), so a due beyond it is ahead of every cursor.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromSeconds(30);

    public static void NoteIfNear(IDocumentSession session, Guid requestId, DeadlineKind kind, DateTimeOffset due, DateTimeOffset now)
    {
        if (due > now + Horizon) return;
        session.Store(new DueBehind { Id = StableId.From("due-behind", requestId, kind), RequestId = requestId, Kind = kind, Due = due });
    }
}
