using OpenQA.Selenium;
using ProjectTracker.Access;
using ProjectTracker.Tests.Fixtures;
using static ProjectTracker.Tests.WebConsole.ConsoleZone;

namespace ProjectTracker.Tests.WebConsole;

/// <summary>
/// The key projects page in a real browser: a project whose signing was achieved a day early and
/// whose construction start is past its plan, next to one on plan; the timeline bars place plans and
/// achievements on one axis and mark the overdue milestone, the late-only filter keeps the late project.
/// </summary>
public class ConsoleProjectsBrowserTests(ConsoleZone zone) : IClassFixture<ConsoleZone>
{
    private static readonly TimeSpan ZoneOffset = TimeSpan.FromHours(8);
    private DateOnly Today => DateOnly.FromDateTime(zone.Clock.GetUtcNow().ToOffset(ZoneOffset).DateTime);
    private string MemberToken => zone.TokenFor(zone.TaskForceMember, Roles.Staff);

    private async Task<Guid> RegisterAsync(string name, decimal investmentYuan, params (string Milestone, int InDays)[] plans)
    {
        var created = await zone.Post("/api/projects", new
        {
            name, leadEnterpriseId = zone.KeyEnterprise, investmentYuan, industry = "Equipment", taskForceId = zone.LandTaskForce,
            location = "Plot 7, Zhuyuan Road", plans = plans.Select(p => new { milestone = p.Milestone, date = Today.AddDays(p.InDays) }),
        }, zone.LeadToken).Json();
        return created.GetProperty("id").GetGuid();
    }

    [BrowserFact]
    public async Task Supervisor_sees_the_portfolio_with_planned_and_actual_milestones_and_the_overdue_one_marked()
    {
        var late = await RegisterAsync("Precision bearings plant", 1_500_000_000m, ("Signed", 2), ("ConstructionStarted", 20), ("PlantDelivered", 120));
        zone.Clock.Advance(TimeSpan.FromDays(5));
        var signedOn = Today.AddDays(-4);   // planned on day 2, signed on day 1: a day early
        await zone.Post($"/api/projects/{late}/milestones/Signed/achieve", new { date = signedOn, evidence = "Contract no. 2030-17." }, MemberToken, 200);
        zone.Clock.Advance(TimeSpan.FromDays(21));   // day 26: construction, planned for day 20, not started
        var onPlan = await RegisterAsync("Battery recycling line", 300_000_000m, ("Signed", 10), ("ConstructionStarted", 40));

        using var browser = StartBrowser();
        zone.SignIn(browser, zone.Supervisor);
        browser.FindElement(By.Id("nav-projects")).Click();
        var card = Wait(browser, By.CssSelector($"article[data-project='{late}']"));
        Assert.Equal("重点项目", browser.FindElement(By.Id("heading")).Text);
        var order = browser.FindElements(By.CssSelector("article.project")).Select(c => c.GetAttribute("data-project")).ToList();
        Assert.True(order.IndexOf(late.ToString()) < order.IndexOf(onPlan.ToString()));   // largest investment first

        // The late project: marked; on its bar signing planned and achieved (a day early, joined), construction planned and overdue.
        Assert.NotEmpty(card.FindElements(By.ClassName("late-project")));
        var signedPlan = card.FindElement(By.CssSelector("polygon.planned[data-milestone='Signed']"));
        var signedActual = card.FindElement(By.CssSelector("circle.actual[data-milestone='Signed']"));
        Assert.Equal(signedOn.ToString("yyyy-MM-dd"), signedActual.GetAttribute("data-date"));
        Assert.True(double.Parse(signedActual.GetAttribute("cx")!) < double.Parse(signedPlan.GetAttribute("points")!.Split(',')[0]));   // achieved before the plan: to its left
        var construction = card.FindElement(By.CssSelector("polygon.planned[data-milestone='ConstructionStarted']"));
        Assert.Contains("late", construction.GetAttribute("class"));
        Assert.Empty(card.FindElements(By.CssSelector("circle.actual[data-milestone='ConstructionStarted']")));
        Assert.Single(card.FindElements(By.CssSelector("polygon.late")));
        var words = card.FindElement(By.CssSelector("li[data-milestone='ConstructionStarted']"));
        Assert.Contains("overdue", words.GetAttribute("class"));
        Assert.Contains("滞后 6 天", words.Text);
        Assert.Contains("提前 1 天", card.FindElement(By.CssSelector("li[data-milestone='Signed']")).Text);

        // The project on plan: nothing overdue.
        var calm = browser.FindElement(By.CssSelector($"article[data-project='{onPlan}']"));
        Assert.Empty(calm.FindElements(By.CssSelector("polygon.late, .late-project")));
        Screenshot(browser, "projects");
        AssertFitsPhone(browser, "projects");

        // Late only: the address keeps it, the project on plan leaves.
        browser.FindElement(By.Id("filter-lateOnly")).Click();
        browser.FindElement(By.Id("filter-apply")).Click();
        WaitGone(browser, By.CssSelector($"article[data-project='{onPlan}']"));
        Assert.Contains("lateOnly=true", browser.Url);
        Wait(browser, By.CssSelector($"article[data-project='{late}']"));
        Assert.Empty(ConsoleErrors(browser));
    }

    [BrowserFact]
    public async Task A_task_forces_staff_see_its_projects_and_a_dispatcher_has_no_projects_link()
    {
        var project = await RegisterAsync("Cold-chain warehouse", 200_000_000m, ("Signed", 30));
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.TaskForceMember);
        browser.FindElement(By.Id("nav-projects")).Click();
        Wait(browser, By.CssSelector($"article[data-project='{project}']"));
        Assert.Empty(ConsoleErrors(browser));

        using var desk = StartBrowser();
        zone.SignIn(desk, zone.Desk);
        Assert.Empty(desk.FindElements(By.Id("nav-projects")));
    }
}
