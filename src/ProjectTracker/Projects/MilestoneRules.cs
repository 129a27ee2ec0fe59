using ProjectTracker.Deadlines;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Projects;

/// <summary>Dates of milestones: the zone's calendar day comes from the deadline policy, never from here.</summary>
public static class MilestoneRules
{
    /// <summary>Dates outside this range are typing mistakes, not plans.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1), Latest = new(2100, 12, 31);

    /// <summary>Today in the zone: the first day whose end (per the policy) is still ahead.</summary>
    public static DateOnly ZoneToday(this DeadlinePolicy policy, DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2);
        while (policy.MilestoneDue(day) <= now) day = day.AddDays(1);
        return day;
    }

    /// <summary>A plan is a promise about the future: its day must not have ended yet.</summary>
    public static DateTimeOffset PlanDue(this DeadlinePolicy policy, DateOnly date, DateTimeOffset now, string field)
    {
        var due = policy.MilestoneDue(date);
        return due > now ? due : throw Refusal.Invalid(field, $"{field} {date:yyyy-MM-dd} has already passed; plan today or later.");
    }

    public static Validation Date(this Validation v, string field, DateOnly? date) =>
        date is null ? v.Add(field, $"{field} is required.")
        : date < Earliest || date > Latest ? v.Add(field, $"{field} must be between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.")
        : v;

    /// <summary>Milestones travel by name in routes; numbers and unknown names are a 400.</summary>
    public static Milestone Parse(string? milestone) =>
        Enum.TryParse<Milestone>(milestone, ignoreCase: true, out var m) && milestone!.All(char.IsLetter)
            ? m
            : throw Refusal.Invalid("milestone", $"milestone has an unknown value; expected one of {string.Join(", ", Enum.GetNames<Milestone>())}.");
}
