using System.Text.Json;
using OpenQA.Selenium;
using ProjectTracker.Tests.Fixtures;
using static ProjectTracker.Tests.WebConsole.ConsoleZone;

namespace ProjectTracker.Tests.WebConsole;

/// <summary>
/// The scorecards and red flag page in a real browser, over a month with an answered request, two
/// answers past due and a request never dispatched: the tables per unit kind, the ranking with its
/// formula, the exports, and the two SVG charts, checked against the API's own figures; what a staff
/// member sees of it.
/// </summary>
public class ConsoleSupervisionBrowserTests(ConsoleZone zone) : IClassFixture<ConsoleZone>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (!BrowserInstalled || await zone.Get("/api/scorecards?unit=zone", zone.SupervisorToken).Json() is var z
            && z.GetProperty("scorecards")[0].GetProperty("received").GetInt64() > 0) return;   // once per class
        var answered = await zone.FileAsync(title: "Answered in time");
        var task = (await zone.DispatchAsync(answered.Id, zone.EconomicBureau)).Tasks[0].Id;
        await zone.ResolveAsync(answered.Id, task, zone.EconomicToken);
        var late = await zone.FileAsync(title: "Left unanswered by the Economic bureau");
        await zone.DispatchAsync(late.Id, zone.EconomicBureau);
        var market = await zone.FileAsync(title: "Left unanswered by the Market bureau");
        await zone.DispatchAsync(market.Id, zone.MarketBureau);
        await zone.FileAsync(title: "Never dispatched");
        zone.Clock.Advance(TimeSpan.FromDays(10));   // every promise past due, still in the same month
        await zone.SweepAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Period(JsonElement list) => list.GetProperty("period").GetProperty("from").GetString()![..7];

    [BrowserFact]
    public async Task Supervisor_reads_the_months_scorecards_ranking_charts_and_exports()
    {
        var departments = await zone.Get("/api/scorecards?unit=department", zone.SupervisorToken).Json();
        var zoneCard = (await zone.Get("/api/scorecards?unit=zone", zone.SupervisorToken).Json()).GetProperty("scorecards")[0];
        var period = Period(departments);
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.Supervisor);
        browser.FindElement(By.Id("nav-scorecards")).Click();

        // The month defaults to the zone's current one; a table per kind, Economic on time, Market late with its accountability escalation.
        var table = Wait(browser, By.Id("scorecards-department"));
        Assert.Equal(period, browser.FindElement(By.Id("period")).GetAttribute("value"));
        Assert.Equal("考核与流动红旗", browser.FindElement(By.Id("heading")).Text);
        var economic = table.FindElement(By.CssSelector($"tr[data-unit='{zone.EconomicBureau}']"));
        Assert.Equal("50.0%", economic.FindElement(By.ClassName("answer-rate")).Text);   // one answered in time, one past due
        var market = table.FindElement(By.CssSelector($"tr[data-unit='{zone.MarketBureau}']"));
        Assert.Equal("0.0%", market.FindElement(By.ClassName("answer-rate")).Text);
        Assert.Equal("1 (0/1)", market.FindElement(By.ClassName("escalations")).Text);
        Wait(browser, By.CssSelector($"#scorecards-taskForce tr[data-unit='{zone.LandTaskForce}']"));
        Wait(browser, By.CssSelector($"#scorecards-secretary tr[data-unit='{zone.Secretary}']"));
        Assert.Contains("25.0%", browser.FindElement(By.Id("scorecards-zone")).Text);

        // The red flag: its formula stated; every unit here has fewer than 5 requests, so each is listed apart with the reason.
        Assert.Contains("score = (0.6 × on-time answer rate", browser.FindElement(By.Id("ranking-formula")).Text);
        Assert.Contains("fewer than the 5 needed", browser.FindElement(By.CssSelector($"#unranked-table tr[data-unit='{zone.EconomicBureau}']")).Text);

        // The charts agree with the API: the zone's on-time answer rate for six months, this one last; escalations per unit.
        var bars = browser.FindElements(By.CssSelector("#chart-answer-rate rect.bar"));
        Assert.Equal(6, bars.Count);
        Assert.Equal(period, bars[^1].GetAttribute("data-label"));
        Assert.Equal(zoneCard.GetProperty("answer").GetProperty("onTimeRate").GetDouble(), double.Parse(bars[^1].GetAttribute("data-value")!), 6);
        Assert.All(bars.Take(5), b => Assert.Equal("", b.GetAttribute("data-value")));   // earlier months: nothing judged
        var totals = browser.FindElements(By.CssSelector("#chart-escalations text.total")).ToDictionary(e => e.GetAttribute("data-unit")!, e => e.Text);
        foreach (var card in departments.GetProperty("scorecards").EnumerateArray())
        {
            var raised = card.GetProperty("escalations").GetProperty("raised").GetInt64();
            if (raised > 0) Assert.Equal(raised.ToString(), totals[card.GetProperty("unit").GetProperty("name").GetString()!]);
        }
        var secretary = (await zone.Get("/api/scorecards?unit=secretary", zone.SupervisorToken).Json()).GetProperty("scorecards").EnumerateArray()
            .Single(c => c.GetProperty("unit").GetProperty("id").GetGuid() == zone.Secretary);
        Assert.Equal(secretary.GetProperty("escalations").GetProperty("raised").GetInt64().ToString(), totals["Secretary"]);   // the request never dispatched
        Screenshot(browser, "scorecards");
        ((IJavaScriptExecutor)browser).ExecuteScript("document.getElementById('charts').scrollIntoView();");
        Screenshot(browser, "scorecards-charts");
        AssertFitsPhone(browser, "scorecards");

        // The export buttons fetch the files with the session: CSV and XLSX.
        var csv = browser.FindElement(By.CssSelector("#kind-department a.export-csv")).GetAttribute("href");
        Assert.EndsWith($"/api/exports/scorecards?unit=department&period={period}&format=csv", csv);
        foreach (var (link, type) in new[] { (csv, "text/csv"), (browser.FindElement(By.CssSelector("#ranking a.export-xlsx")).GetAttribute("href"), "spreadsheetml") })
        {
            var answer = (string?)((IJavaScriptExecutor)browser).ExecuteAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => done(r.status + ' ' + r.headers.get('Content-Type')));", link!);
            Assert.StartsWith("200 ", answer);
            Assert.Contains(type, answer);
        }

        // Another month, from the picker: kept in the address; nothing was filed then.
        ((IJavaScriptExecutor)browser).ExecuteScript("document.getElementById('period').value = arguments[0];", PreviousMonth(period));
        browser.FindElement(By.Id("period-apply")).Click();
        Wait(browser, By.CssSelector($"#scorecards-department tr[data-unit='{zone.EconomicBureau}']"), r => r.FindElement(By.ClassName("answer-rate")).Text == "—");
        Assert.Contains($"period={PreviousMonth(period)}", browser.Url);
        var earlier = browser.FindElements(By.CssSelector("#chart-answer-rate rect.bar"));
        Assert.Equal(PreviousMonth(period), earlier[^1].GetAttribute("data-label"));
        Assert.Equal("", earlier[^1].GetAttribute("data-value"));   // that month's own card, read alongside the tables: nothing judged
        Assert.Equal(6, earlier.Count);
        Assert.Empty(ConsoleErrors(browser));
    }

    [BrowserFact]
    public void Staff_see_their_departments_card_and_its_rate_by_month_but_no_ranking()
    {
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.MarketStaff);
        browser.FindElement(By.Id("nav-scorecards")).Click();
        var rows = Wait(browser, By.Id("scorecards-department")).FindElements(By.CssSelector("tbody tr"));
        Assert.Equal(zone.MarketBureau.ToString(), Assert.Single(rows).GetAttribute("data-unit"));
        Assert.Empty(browser.FindElements(By.Id("ranking")));
        Assert.Equal("仅督查、管理员可查看。", browser.FindElement(By.CssSelector("#kind-zone .not-yours")).Text);
        Assert.Equal("0", browser.FindElements(By.CssSelector("#chart-answer-rate rect.bar"))[^1].GetAttribute("data-value"));   // their own unit's
        Screenshot(browser, "scorecards-staff");
        Assert.Empty(ConsoleErrors(browser));
    }

    private static string PreviousMonth(string period)
    {
        var first = DateOnly.ParseExact(period + "-01", "yyyy-MM-dd").AddMonths(-1);
        return $"{first:yyyy-MM}";
    }
}
