using System.Collections.Concurrent;
using System.Diagnostics;
using OpenQA.Selenium;
using ProjectTracker.Access;
using ProjectTracker.Tests.Fixtures;
using static ProjectTracker.Tests.WebConsole.ConsoleZone;

namespace ProjectTracker.Tests.WebConsole;

/// <summary>
/// Every console page, rendered on the server, holding data: at 1280×800 and at a phone's width
/// (390×844) nothing is wider than the window, and no script error or refused resource is logged;
/// English on request (remembered from page to page); the key projects page reads the page's
/// projects' milestones in one query whatever their number (no read per project).
/// </summary>
public class ConsolePagesBrowserTests(ConsoleZone zone) : IClassFixture<ConsoleZone>
{
    private DateOnly Today => DateOnly.FromDateTime(zone.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    private async Task<Guid> RegisterProjectAsync(string name, decimal investmentYuan, params (string Milestone, int InDays)[] plans) =>
        (await zone.Post("/api/projects", new
        {
            name, leadEnterpriseId = zone.KeyEnterprise, investmentYuan, industry = "Equipment", taskForceId = zone.LandTaskForce,
            location = "Plot 9, Zhuyuan Road", plans = plans.Select(p => new { milestone = p.Milestone, date = Today.AddDays(p.InDays) }),
        }, zone.LeadToken).Json()).GetProperty("id").GetGuid();

    private static void AssertFitsDesktop(IWebDriver browser, string name)
    {
        var js = (IJavaScriptExecutor)browser;
        var (scroll, inner) = (Convert.ToInt64(js.ExecuteScript("return document.documentElement.scrollWidth;")), Convert.ToInt64(js.ExecuteScript("return window.innerWidth;")));
        Assert.True(scroll <= inner, $"{name} is {scroll} px wide in a {inner} px window: it scrolls sideways.");
        Screenshot(browser, name);
    }

    /// <summary>The page at <paramref name="path"/>, once its content is there: both widths, no console error.</summary>
    private void Look(IWebDriver browser, string path, string name, By shows)
    {
        browser.Navigate().GoToUrl(new Uri(zone.BaseAddress, path));
        Wait(browser, shows);
        Assert.NotEmpty(browser.FindElements(By.Id("content")));
        AssertFitsDesktop(browser, name + "-desktop");
        AssertFitsPhone(browser, name);
        Assert.Empty(ConsoleErrors(browser));
    }

    [BrowserFact]
    public async Task Every_page_fits_a_desktop_and_a_phone_with_its_data_and_no_console_error()
    {
        var late = await zone.FileAsync(title: "Grid connection for the third workshop, long title to wrap on a phone's narrow screen");
        var dispatched = await zone.FileAsync(title: "Customs registration");
        var taskId = (await zone.DispatchAsync(dispatched.Id, zone.EconomicBureau)).Tasks[0].Id;
        var project = await RegisterProjectAsync("Precision optics plant", 900_000_000m, ("Signed", 2), ("ConstructionStarted", 30), ("PlantDelivered", 200));
        zone.Clock.Advance(TimeSpan.FromDays(4));   // the first request's dispatch is past due: an escalation
        await zone.SweepAsync();
        var waiting = await zone.FileAsync(title: "Permit for a loading bay");

        using var supervisor = StartBrowser();
        zone.SignIn(supervisor, zone.Supervisor);
        Look(supervisor, "/console/escalations", "layout-escalations", By.CssSelector("tr[data-escalation]"));
        var escalation = supervisor.FindElement(By.CssSelector("tr[data-escalation]")).GetAttribute("data-escalation");
        Look(supervisor, $"/console/escalations?decide={escalation}", "layout-escalation-decision", By.Id("decision-form"));
        Look(supervisor, $"/console/requests/{late.Id}", "layout-request", By.CssSelector("#explanation details"));
        Look(supervisor, "/console/scorecards", "layout-scorecards", By.CssSelector("#chart-answer-rate rect.bar"));
        Look(supervisor, "/console/projects", "layout-projects", By.CssSelector($"article[data-project='{project}'] svg polygon.planned"));

        using var desk = StartBrowser();
        zone.SignIn(desk, zone.Desk);
        Look(desk, "/console/dispatch", "layout-dispatch", By.CssSelector($"tr[data-request='{waiting.Id}']"));
        Look(desk, $"/console/dispatch?request={waiting.Id}", "layout-dispatch-panel", By.Id("dispatch-form"));
        Look(desk, $"/console/requests/{waiting.Id}", "layout-request-dispatch", By.Id("dispatch-form"));

        using var staff = StartBrowser();
        zone.SignIn(staff, zone.EconomicStaff);
        Look(staff, "/console/tasks", "layout-tasks", By.CssSelector($"tr[data-task='{taskId}']"));
        Look(staff, $"/console/tasks?task={taskId}", "layout-task-panel", By.Id("transfer-form"));
    }

    [BrowserFact]
    public async Task English_on_request_is_remembered_from_page_to_page_and_Chinese_comes_back()
    {
        await RegisterProjectAsync("Solar glass line", 400_000_000m, ("Signed", 10));
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.Supervisor);
        Assert.Equal("督查队列", browser.FindElement(By.Id("heading")).Text);
        Assert.Equal("编号", browser.FindElement(By.CssSelector("#content th")).Text);

        browser.FindElement(By.Id("lang")).Click();
        Wait(browser, By.Id("heading"), h => h.Text == "Escalations");
        Assert.Equal("en", browser.FindElement(By.TagName("html")).GetAttribute("lang"));
        Assert.Equal("Number", browser.FindElement(By.CssSelector("#content th")).Text);
        Assert.Equal("Key projects", browser.FindElement(By.Id("nav-projects")).Text);

        // Another page, by its link: still English (a cookie), every label from the same dictionary.
        browser.FindElement(By.Id("nav-projects")).Click();
        Wait(browser, By.Id("heading"), h => h.Text == "Key projects");
        Assert.Equal("Late only", browser.FindElement(By.CssSelector("label[for='filter-lateOnly']")).Text);
        Assert.Contains("Planned", browser.FindElement(By.CssSelector("article.project ul.milestones")).Text);
        Screenshot(browser, "projects-english");
        Assert.Empty(ConsoleErrors(browser));

        browser.FindElement(By.Id("lang")).Click();
        Wait(browser, By.Id("heading"), h => h.Text == "重点项目");
        Assert.Equal("只看逾期", browser.FindElement(By.CssSelector("label[for='filter-lateOnly']")).Text);
    }

    [BrowserFact]
    public async Task The_projects_page_reads_the_milestones_of_its_projects_in_one_query_whatever_their_number()
    {
        var database = new Npgsql.NpgsqlConnectionStringBuilder(zone.ConnectionString).Database;
        var reads = new ConcurrentQueue<string>();
        var listening = false;
        // Npgsql's own trace of every command: those on this class's database that read the projects' table.
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (Volatile.Read(ref listening) && a.GetTagItem("db.namespace") as string == database
                    && a.GetTagItem("db.query.text") is string sql && sql.Contains("mt_doc_project", StringComparison.Ordinal))
                    reads.Enqueue(sql);
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var browser = StartBrowser();
        zone.SignIn(browser, zone.Supervisor);
        async Task<(int Projects, int Reads)> LoadAsync()
        {
            reads.Clear();
            Volatile.Write(ref listening, true);
            browser.Navigate().GoToUrl(new Uri(zone.BaseAddress, "/console/projects"));
            Wait(browser, By.Id("pager"));
            Volatile.Write(ref listening, false);
            var cards = browser.FindElements(By.CssSelector("article.project"));
            Assert.All(cards, c => Assert.NotEmpty(c.FindElements(By.CssSelector("ul.milestones li"))));   // each with its milestones
            return (cards.Count, reads.Count);
        }

        for (var i = 0; i < 2; i++) await RegisterProjectAsync($"Small plant {i}", 100_000_000m + i, ("Signed", 5 + i), ("ConstructionStarted", 40));
        var few = await LoadAsync();
        for (var i = 2; i < 7; i++) await RegisterProjectAsync($"Small plant {i}", 100_000_000m + i, ("Signed", 5 + i), ("ConstructionStarted", 40));
        var more = await LoadAsync();

        Assert.Equal(few.Projects + 5, more.Projects);
        Assert.InRange(few.Reads, 1, 2);   // the portfolio's page, then its projects' milestones
        Assert.Equal(few.Reads, more.Reads);
    }
}
