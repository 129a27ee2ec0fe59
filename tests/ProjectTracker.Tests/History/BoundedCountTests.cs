using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProjectTracker.History;
using ProjectTracker.Requests;
using ProjectTracker.Tests.Supervision;

namespace ProjectTracker.Tests.History;

/// <summary>A long list stops counting past its bound or the page asked, and says so; the scored zone holds 9 requests.</summary>
public class BoundedCountTests(ScoredZone zone) : IClassFixture<ScoredZone>
{
    private async Task<(long Total, bool Exact, int Items)> PageAsync(int page, int size, long countUpTo)
    {
        await using var session = zone.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var found = await HistoryReads.PageAsync<Request>(session, session.Table(HistoryTables.Requests), null, _ => "",
            [("filed_at", true), ("id", true)], page, size, CancellationToken.None, countUpTo);
        return (found.Total, found.TotalIsExact, found.Items.Count);
    }

    [Theory]
    [InlineData(1, 2, 9, 9, true, 2)]      // the bound reached exactly: all counted
    [InlineData(1, 2, 8, 8, false, 2)]     // one more than the bound: "more than 8"
    [InlineData(1, 2, 4, 4, false, 2)]
    [InlineData(3, 2, 4, 6, false, 2)]     // a page past the bound counts to its end
    [InlineData(5, 2, 4, 9, true, 1)]      // the last page: the end is reached, exact
    [InlineData(6, 2, 4, 9, true, 0)]      // past the end: empty, exact
    public async Task the_total_is_exact_up_to_the_bound_or_the_page_and_flagged_beyond(int page, int size, long countUpTo, long total, bool exact,
        int items) =>
        Assert.Equal((total, exact, items), await PageAsync(page, size, countUpTo));
}
