using ProjectTracker.Deadlines;
using ProjectTracker.Deadlines.Calendars;

namespace ProjectTracker.Tests.Deadlines.Calendars;

/// <summary>Due times as a table of cases: instants and the shipped national calendars in, an instant out (China Standard Time).</summary>
public class DueTimeTableTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    private static WorkingCalendar National(string[]? hours = null) => new(Cst, ShippedCalendars.All().Select(y =>
    {
        var (cmd, check) = LoadCalendarYear.From(ZoneCalendars.DefaultZone, y.Year, y.Input with { BusinessHours = hours },
            [.. y.Input.Days!.Select((_, i) => $"days[{i}]")], Guid.Empty);
        Assert.True(check.IsValid, check.Result.Detail);
        return new CalendarYear { Year = cmd!.Year, Days = [.. cmd.Days], BusinessHours = cmd.BusinessHours }.ToDays();
    }));

    private static DateTimeOffset At(string local) => DateTimeOffset.Parse(local + "+08:00");

    private static readonly ClockRule OneWorkingDay = ClockRule.Of(1, ClockUnit.WorkingDays), ThreeWorkingDays = ClockRule.Of(3, ClockUnit.WorkingDays);

    [Theory]
    // Friday evening before a normal weekend: due Monday evening.
    [InlineData("2026-03-06T17:00:00", 1, "2026-03-09T17:00:00")]
    // Friday before the adjusted working Saturday 2026-02-14: due that Saturday.
    [InlineData("2026-02-13T17:00:00", 1, "2026-02-14T17:00:00")]
    // Filed on the working Saturday itself, on the eve of the 9-day Spring Festival: waits for it to end.
    [InlineData("2026-02-14T18:00:00", 1, "2026-02-24T18:00:00")]
    // Filed during the holiday: the clock starts when work resumes.
    [InlineData("2026-02-18T10:00:00", 1, "2026-02-25T00:00:00")]
    // The last second of a Friday, and the first of a Monday.
    [InlineData("2026-03-06T23:59:59", 1, "2026-03-09T23:59:59")]
    [InlineData("2026-03-09T00:00:00", 1, "2026-03-10T00:00:00")]
    // Filed at midnight starting a Saturday: Monday counts whole.
    [InlineData("2026-03-07T00:00:00", 1, "2026-03-10T00:00:00")]
    // Three working days across National Day (Oct 1-7), ending on the working Saturday Oct 10, and from it.
    [InlineData("2026-09-30T09:00:00", 3, "2026-10-10T09:00:00")]
    [InlineData("2026-10-09T09:00:00", 3, "2026-10-13T09:00:00")]
    // The 2025 calendar: filed before the 2025 Spring Festival, the working Sunday Jan 26 counts.
    [InlineData("2025-01-24T12:00:00", 1, "2025-01-26T12:00:00")]
    [InlineData("2025-01-27T12:00:00", 1, "2025-02-05T12:00:00")]
    public void working_days_over_whole_days(string filed, int days, string due)
    {
        var rule = days == 1 ? OneWorkingDay : ThreeWorkingDays;
        Assert.Equal(At(due), rule.DueFrom(At(filed), National()).At);
    }

    [Theory]
    // 08:30-12:00 and 13:30-17:30: a working day is 7.5 hours; the lunch break does not count.
    [InlineData("2026-03-06T17:00:00", "2026-03-09T17:00:00")]
    [InlineData("2026-03-09T11:00:00", "2026-03-10T11:00:00")]
    [InlineData("2026-03-09T12:45:00", "2026-03-10T12:00:00")]
    // Outside hours: the clock starts at the next opening.
    [InlineData("2026-03-09T19:00:00", "2026-03-10T17:30:00")]
    [InlineData("2026-03-09T06:00:00", "2026-03-09T17:30:00")]
    // Ending exactly at a close gives the close, not the next opening.
    [InlineData("2026-03-09T08:30:00", "2026-03-09T17:30:00")]
    public void working_days_with_business_hours_and_a_lunch_break(string filed, string due) =>
        Assert.Equal(At(due), OneWorkingDay.DueFrom(At(filed), National(["08:30-12:00", "13:30-17:30"])).At);

    [Fact]
    public void working_hours_and_calendar_clocks()
    {
        var calendar = National(["08:30-12:00", "13:30-17:30"]);
        Assert.Equal(At("2026-03-09T10:00:00"), ClockRule.Of(4, ClockUnit.WorkingHours).DueFrom(At("2026-03-06T15:00:00"), calendar).At);
        Assert.Equal(At("2026-03-07T15:00:00"), ClockRule.Of(24, ClockUnit.CalendarHours).DueFrom(At("2026-03-06T15:00:00"), calendar).At);
        Assert.Equal(At("2026-02-20T15:00:00"), ClockRule.Of(7, ClockUnit.CalendarDays).DueFrom(At("2026-02-13T15:00:00"), calendar).At);
    }

    [Fact]
    public void a_pause_across_a_holiday_moves_the_due_by_the_working_time_paused_only()
    {
        var calendar = National();
        var due = ThreeWorkingDays.DueFrom(At("2026-02-11T10:00:00"), calendar).At;     // Wed → Wed 13, Thu 12 ... : Sat 14 (working) 10:00
        Assert.Equal(At("2026-02-14T10:00:00"), due);
        // Paused Thursday 10:00 to the first working day after the festival, 10:00: the working time paused is
        // Thu 14 h + Fri 24 h + Sat (working) 24 h + Tue 24th 10 h = 72 h, not 12 calendar days; the 48 h that were
        // left at the pause run from the resumption: Tue 14 h + Wed 24 h + Thu 10 h.
        var moved = ThreeWorkingDays.Shift(due, At("2026-02-12T10:00:00"), At("2026-02-24T10:00:00"), calendar).At;
        Assert.Equal(At("2026-02-26T10:00:00"), moved);
        // A pause that took no working time (a weekend) moves nothing.
        Assert.Equal(due, ThreeWorkingDays.Shift(due, At("2026-03-07T10:00:00"), At("2026-03-08T10:00:00"), calendar).At);
    }

    [Fact]
    public void reopening_after_a_breach_starts_a_fresh_three_working_days_from_the_reopening()
    {
        var calendar = National();
        var first = ThreeWorkingDays.DueFrom(At("2026-04-01T10:00:00"), calendar).At;   // Qingming Apr 4-6 is a weekend+Monday
        Assert.Equal(At("2026-04-07T10:00:00"), first);
        Assert.Equal(At("2026-04-14T10:00:00"), ThreeWorkingDays.DueFrom(At("2026-04-09T10:00:00"), calendar).At);
    }

    [Fact]
    public void a_year_with_no_calendar_counts_weekends_only_and_says_so()
    {
        var due = OneWorkingDay.DueFrom(At("2027-02-05T17:00:00"), National());
        Assert.Equal(At("2027-02-08T17:00:00"), due.At);
        Assert.Equal([2027], due.AssumedYears);
        Assert.Empty(OneWorkingDay.DueFrom(At("2026-03-06T17:00:00"), National()).AssumedYears);
        Assert.Equal([2027], OneWorkingDay.DueFrom(At("2026-12-31T17:00:00"), National()).AssumedYears);
    }

    [Fact]
    public void working_time_between_two_instants_skips_nights_weekends_and_holidays()
    {
        var calendar = National(["08:30-12:00", "13:30-17:30"]);
        Assert.Equal(TimeSpan.FromHours(7.5), calendar.Between(At("2026-03-06T00:00:00"), At("2026-03-09T00:00:00")));
        Assert.Equal(TimeSpan.FromHours(2), calendar.Between(At("2026-03-09T11:00:00"), At("2026-03-09T14:30:00")));
        Assert.Equal(TimeSpan.Zero, calendar.Between(At("2026-02-15T00:00:00"), At("2026-02-24T00:00:00")));
    }

    [Theory]
    [InlineData(new[] { "08:30-12:00", "11:30-17:30" }, "businessHours")]
    [InlineData(new[] { "13:30-17:30", "08:30-12:00" }, "businessHours")]
    [InlineData(new[] { "17:30-08:30" }, "businessHours")]
    [InlineData(new[] { "8.30-12" }, "businessHours[0]")]
    public void malformed_or_overlapping_business_hours_are_refused_naming_the_field(string[] hours, string field)
    {
        var check = new ProjectTracker.Infrastructure.Validation();
        LoadCalendarYear.ParseHours(hours, check);
        Assert.Contains(field, check.Errors.Keys);
    }
}
