using System.Text.Json;
using OpenQA.Selenium;
using ProjectTracker.Tests.Fixtures;
using static ProjectTracker.Tests.WebConsole.ConsoleZone;

namespace ProjectTracker.Tests.WebConsole;

/// <summary>
/// The console in a real browser (Debian's chromium, headless) against the real service on Kestrel
/// and PostgreSQL: a supervisor's escalation queue and its actions with If-Match (a stale one shown
/// as 412), a dispatcher's desk and dispatch, a request's clocks and timeline, untrusted text shown as
/// text. Screenshots go to bin/.../TestResults/console/.
/// </summary>
public class ConsoleBrowserTests(ConsoleZone zone) : IClassFixture<ConsoleZone>
{
    private async Task<(Guid Request, JsonElement Escalation)> OverdueDispatchAsync(string title)
    {
        var request = await zone.FileAsync(title: title);
        zone.Clock.Advance(TimeSpan.FromDays(4));   // past the 1-working-day dispatch promise, a weekend or not: a Warning escalation
        await zone.SweepAsync();
        var list = await zone.Get($"/api/escalations?requestId={request.Id}&kind=DispatchOverdue", zone.SupervisorToken).Json();
        return (request.Id, list.GetProperty("items")[0]);
    }

    [BrowserFact]
    public async Task Supervisor_filters_the_queue_by_kind_and_the_address_keeps_the_filter()
    {
        var (_, escalation) = await OverdueDispatchAsync("Loan for the autumn orders");
        var row = By.CssSelector($"tr[data-escalation='{escalation.GetProperty("id").GetString()}']");
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.Supervisor);
        Wait(browser, row);

        // Milestones only: the request's dispatch escalation leaves the table.
        ((IJavaScriptExecutor)browser).ExecuteScript("document.getElementById('filter-kind').value = 'MilestoneOverdue';");
        browser.FindElement(By.Id("filter-apply")).Click();
        Wait(browser, By.Id("content"), c => c.FindElements(row).Count == 0);
        Assert.Contains("kind=MilestoneOverdue", browser.Url);
        Screenshot(browser, "escalations-filtered");
        Assert.Empty(ConsoleErrors(browser));   // no script error, refused resource or unexpected failed call

        // An address with a filter opens the queue filtered, its select showing it.
        browser.Navigate().GoToUrl(new Uri(zone.BaseAddress, "/console/escalations?kind=DispatchOverdue"));
        var kind = Wait(browser, row).FindElement(By.XPath("td[4]"));
        Assert.Equal("DispatchOverdue", kind.GetAttribute("data-value"));
        Assert.Equal("派单超时", kind.Text);   // in words, Chinese by default
        Assert.Equal("DispatchOverdue", browser.FindElement(By.Id("filter-kind")).GetAttribute("value"));
        browser.Navigate().GoToUrl(new Uri(zone.BaseAddress, "/console/escalations?kind=MilestoneOverdue"));
        Wait(browser, By.CssSelector("#content table"));
        Assert.Equal("MilestoneOverdue", browser.FindElement(By.Id("filter-kind")).GetAttribute("value"));
        Assert.Empty(browser.FindElements(row));
    }

    [BrowserFact]
    public async Task Supervisor_acknowledges_an_escalation_and_a_stale_close_is_shown_as_412()
    {
        var (_, escalation) = await OverdueDispatchAsync("Loan for the spring orders");
        var id = escalation.GetProperty("id").GetString()!;
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.Supervisor);
        Assert.EndsWith("/console/escalations", browser.Url);   // a supervisor lands on the queue
        // The session cookie is HttpOnly: no script on the page can read it.
        Assert.DoesNotContain("pt.console", (string?)((IJavaScriptExecutor)browser).ExecuteScript("return document.cookie;") ?? "");
        Assert.NotNull(browser.Manage().Cookies.GetCookieNamed("pt.console"));
        Assert.Equal("督查队列", browser.FindElement(By.Id("heading")).Text);   // Chinese by default

        var row = By.CssSelector($"tr[data-escalation='{id}']");
        var status = Wait(browser, row).FindElement(By.ClassName("status"));
        Assert.Equal("Open", status.GetAttribute("data-value"));
        Assert.Equal("待签收", status.Text);
        Screenshot(browser, "escalations");
        Wait(browser, row).FindElement(By.ClassName("acknowledge")).Click();
        Wait(browser, row, r => r.FindElement(By.ClassName("status")).GetAttribute("data-value") == "Acknowledged");
        Assert.Equal("ok", browser.FindElement(By.Id("notice")).GetAttribute("class"));

        // Another supervisor records a decision behind the page's back: the page's Close sends the version it read and is refused.
        var current = await zone.Get($"/api/escalations/{id}", zone.SupervisorToken);
        await zone.Post($"/api/escalations/{id}/decision", new { decision = "NoFault", note = "The bureau was closed by a storm." },
            zone.SupervisorToken, 200, current.Context.Response.Headers.ETag.ToString());
        Wait(browser, row).FindElement(By.ClassName("close")).Click();
        var notice = Wait(browser, By.CssSelector("#notice.stale"));
        Assert.Contains("412", notice.Text);
        Assert.Contains("已被他人修改", notice.Text);
        Screenshot(browser, "escalations-412");
        Assert.Empty(ConsoleErrors(browser, 412));   // no script error, refused resource or unexpected failed call
        Assert.Equal("Decided", (await zone.Get($"/api/escalations/{id}", zone.SupervisorToken).Json()).GetProperty("status").GetString());
        // Read again, the close goes through.
        browser.Navigate().Refresh();
        Wait(browser, row).FindElement(By.ClassName("close")).Click();
        Wait(browser, By.CssSelector("#notice.ok"));
        Assert.Equal("Closed", (await zone.Get($"/api/escalations/{id}", zone.SupervisorToken).Json()).GetProperty("status").GetString());

        // English on request.
        browser.FindElement(By.Id("lang")).Click();
        Wait(browser, By.Id("heading"), h => h.Text == "Escalations");
    }

    [BrowserFact]
    public async Task Supervisor_records_an_accountability_decision_from_the_page_and_closes_the_escalation()
    {
        var (_, escalation) = await OverdueDispatchAsync("Electricity for the new line");
        var id = escalation.GetProperty("id").GetString()!;
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.Supervisor);
        var row = By.CssSelector($"tr[data-escalation='{id}']");
        Wait(browser, row).FindElement(By.ClassName("decide")).Click();
        Wait(browser, By.CssSelector("#decision option[value='Accountability']")).Click();
        Wait(browser, By.CssSelector($"#responsible-department option[value='{zone.EconomicBureau}']")).Click();
        browser.FindElement(By.Id("responsible-person")).SendKeys("Secretary Wang");
        browser.FindElement(By.Id("decision-note")).SendKeys("Dispatched two days late without a reason.");
        Screenshot(browser, "escalation-decision");
        Assert.Empty(ConsoleErrors(browser));   // no script error, refused resource or unexpected failed call
        browser.FindElement(By.Id("decision-button")).Click();
        Wait(browser, row, r => r.FindElement(By.ClassName("status")).GetAttribute("data-value") == "Decided");
        Wait(browser, row).FindElement(By.ClassName("close")).Click();
        WaitGone(browser, row);   // closed: off the open queue

        var closed = await zone.Get($"/api/escalations/{id}", zone.SupervisorToken).Json();
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        Assert.Equal("Accountability", closed.GetProperty("decision").GetString());
        Assert.Equal(zone.EconomicBureau, closed.GetProperty("responsibleDepartmentId").GetGuid());
        Assert.Equal("Secretary Wang", closed.GetProperty("responsiblePerson").GetString());
    }

    [BrowserFact]
    public async Task A_title_with_a_script_is_shown_as_text_with_the_requests_clocks_and_timeline()
    {
        const string title = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"><b>bold</b>";
        var request = await zone.FileAsync(title: title);
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.Supervisor);
        browser.Navigate().GoToUrl(new Uri(zone.BaseAddress, $"/console/requests/{request.Id}"));
        var heading = Wait(browser, By.Id("request-title"));
        Assert.Equal($"{request.Number} · {title}", heading.Text);
        Assert.Empty(heading.FindElements(By.TagName("b")));
        Assert.Empty(browser.FindElements(By.CssSelector("main img, main script")));
        Assert.Null(((IJavaScriptExecutor)browser).ExecuteScript("return window.pwned === undefined ? null : window.pwned;"));
        var timeline = Wait(browser, By.CssSelector("#timeline tbody tr"));
        Assert.Contains("RequestFiled", timeline.Text);
        Assert.Contains("派单期限", browser.FindElement(By.Id("content")).Text);   // the dispatch clock, with its due
        Screenshot(browser, "request");
        Assert.Empty(ConsoleErrors(browser));   // no script error, refused resource or unexpected failed call
    }

    [BrowserFact]
    public async Task Dispatcher_dispatches_from_the_desk_with_the_reads_ETag_and_sees_412_when_it_went_stale()
    {
        var request = await zone.FileAsync(title: "Permit for a second workshop");
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.Secretary);
        Assert.EndsWith("/console/dispatch", browser.Url);   // a dispatcher lands on the desk
        var row = Wait(browser, By.CssSelector($"tr[data-request='{request.Id}']"));
        Screenshot(browser, "dispatch-desk");
        row.FindElement(By.TagName("a")).Click();
        Wait(browser, By.Id("dispatch-form"));

        // Changed behind the page: the contact adds information (a new version). The page's dispatch is refused, nothing dispatched.
        await zone.Post($"/api/requests/{request.Id}/information", new { text = "The floor plan is attached." }, zone.KeyContactToken, 200);
        browser.FindElement(By.Id("dispatch-button")).Click();
        Assert.Contains("412", Wait(browser, By.CssSelector("#notice.stale")).Text);
        Screenshot(browser, "dispatch-412");
        Assert.Empty(ConsoleErrors(browser, 412));   // no script error, refused resource or unexpected failed call
        Assert.Equal("Filed", (await zone.Get($"/api/requests/{request.Id}", zone.SecretaryToken).Json()).GetProperty("request").GetProperty("status").GetString());

        // Read again, then dispatch to the Economic Development Bureau.
        browser.Navigate().Refresh();
        Wait(browser, By.CssSelector($"#assignee-0 option[value='{zone.EconomicBureau}']")).Click();
        browser.FindElement(By.Id("dispatch-button")).Click();
        Wait(browser, By.Id("request-status"), s => s.GetAttribute("data-value") == "Dispatched");
        var details = await zone.Get($"/api/requests/{request.Id}", zone.SecretaryToken).Json();
        Assert.Equal(zone.EconomicBureau, details.GetProperty("request").GetProperty("tasks")[0].GetProperty("assigneeId").GetGuid());
    }

    [BrowserFact]
    public async Task A_contacts_session_gets_the_403_page_on_every_console_page()
    {
        var request = await zone.FileAsync(title: "A contact's own request");
        using var browser = StartBrowser();
        browser.Navigate().GoToUrl(new Uri(zone.BaseAddress, "/console/"));
        Assert.Contains("/console/sign-in", browser.Url);   // no session: the sign-in page
        var contact = Wait(browser, By.CssSelector($"tr[data-user='{zone.KeyContact}']"));
        Assert.Equal("contact", contact.FindElement(By.ClassName("roles")).Text);
        Assert.Contains("supervisor", browser.FindElement(By.CssSelector($"tr[data-user='{zone.Supervisor}'] .roles")).Text);
        Screenshot(browser, "sign-in");

        zone.SignIn(browser, zone.KeyContact, toConsole: false);
        Wait(browser, By.Id("heading"), h => h.Text.Contains("403"));
        Assert.Contains("Key contact", browser.FindElement(By.Id("forbidden")).Text);
        Screenshot(browser, "forbidden");
        // The pages, and an old static page's address (it redirects to its page).
        foreach (var page in new[] { "escalations", "dispatch", "tasks", $"requests/{request.Id}", "scorecards", "projects", $"request.html?id={request.Id}" })
        {
            browser.Navigate().GoToUrl(new Uri(zone.BaseAddress, "/console/" + page));
            Wait(browser, By.Id("heading"), h => h.Text.Contains("403"));
            Assert.Empty(browser.FindElements(By.Id("content")));   // no page script ran
        }

        // Someone else signs in from the 403 page's link.
        browser.FindElement(By.Id("switch-user")).Click();
        Wait(browser, By.Id($"sign-in-as-{zone.Desk}")).Click();
        Wait(browser, By.CssSelector("#content table"));
        Assert.EndsWith("/console/dispatch", browser.Url);
    }

    [BrowserFact]
    public async Task Staff_resolve_a_task_from_their_queue_and_the_request_shows_answered()
    {
        var request = await zone.FileAsync(title: "Water connection for the new plant");
        var dispatched = await zone.DispatchAsync(request.Id, zone.EconomicBureau);
        var taskId = dispatched.Tasks[0].Id;
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.EconomicStaff);
        Assert.EndsWith("/console/tasks", browser.Url);   // staff land on their tasks
        var row = By.CssSelector($"tr[data-task='{taskId}']");
        Assert.Equal("Open", Wait(browser, row).FindElement(By.ClassName("state")).GetAttribute("data-value"));
        Assert.Contains("Economic Development Bureau", browser.FindElement(row).Text);
        Screenshot(browser, "tasks");

        // Accept, from the task's panel (its request read now: the If-Match).
        Wait(browser, row).FindElement(By.ClassName("open-task")).Click();
        Wait(browser, By.Id("accept-button")).Click();
        Wait(browser, row, r => r.FindElement(By.ClassName("state")).GetAttribute("data-value") == "Accepted");
        Wait(browser, By.Id("task-state"), s => s.GetAttribute("data-value") == "Accepted" && s.Text.EndsWith("办理中"));

        // The request changes behind the panel (the contact adds information): the resolve is refused as stale, nothing resolved.
        await zone.Post($"/api/requests/{request.Id}/information", new { text = "The meter is on the east side." }, zone.KeyContactToken, 200);
        browser.FindElement(By.Id("reply")).SendKeys("Connected on Tuesday.");
        browser.FindElement(By.Id("reply-button")).Click();
        Assert.Contains("412", Wait(browser, By.CssSelector("#notice.stale")).Text);
        Assert.Equal("Dispatched", (await zone.Get($"/api/requests/{request.Id}", zone.EconomicToken).Json()).GetProperty("request").GetProperty("status").GetString());

        // Read again: resolved, off the queue, and the request is answered with the reply.
        browser.Navigate().Refresh();
        Wait(browser, row).FindElement(By.ClassName("open-task")).Click();
        Wait(browser, By.Id("reply")).SendKeys("Connected on Tuesday.");
        Screenshot(browser, "task-panel");
        browser.FindElement(By.Id("reply-button")).Click();
        WaitGone(browser, row);
        Assert.Equal("ok", Wait(browser, By.Id("notice")).GetAttribute("class"));
        browser.Navigate().GoToUrl(new Uri(zone.BaseAddress, $"/console/requests/{request.Id}"));
        Wait(browser, By.Id("request-status"), s => s.GetAttribute("data-value") == "Answered" && s.Text.EndsWith("已答复"));
        // Each clock explained step by step (GET /api/requests/{id}/clocks), every due reproduced.
        Assert.Equal("ok", Wait(browser, By.Id("explanation-verdict")).GetAttribute("class"));
        foreach (var clock in new[] { "Dispatch", "Resolution", "Task" })
            Assert.NotEmpty(browser.FindElements(By.CssSelector($"#explanation details[data-clock='{clock}'] tbody tr")));
        Screenshot(browser, "request-answered");
        Assert.Empty(ConsoleErrors(browser, 412));   // no script error, refused resource or unexpected failed call
        var answered = (await zone.Get($"/api/requests/{request.Id}", zone.EconomicToken).Json()).GetProperty("request");
        Assert.Equal("Answered", answered.GetProperty("status").GetString());
        Assert.Equal("Resolved", answered.GetProperty("tasks")[0].GetProperty("state").GetString());

        // Sign-out ends the session: the console sends to sign-in again.
        browser.FindElement(By.Id("sign-out")).Click();
        Wait(browser, By.CssSelector("#notice.ok"));
        browser.Navigate().GoToUrl(new Uri(zone.BaseAddress, "/console/tasks"));
        Assert.Contains("/console/sign-in", browser.Url);
    }

    [BrowserFact]
    public async Task Staff_hand_a_task_back_with_a_reason_and_it_returns_to_the_dispatch_desk()
    {
        var request = await zone.FileAsync(title: "Trademark dispute with a supplier");
        var taskId = (await zone.DispatchAsync(request.Id, zone.MarketBureau)).Tasks[0].Id;
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.MarketStaff);
        var row = By.CssSelector($"tr[data-task='{taskId}']");
        Wait(browser, row).FindElement(By.ClassName("open-task")).Click();
        // No reason: the API's 400 names the field on the page, nothing handed back.
        Wait(browser, By.Id("reason-button")).Click();
        Assert.Contains("reason", Wait(browser, By.CssSelector("#notice.error")).Text);
        browser.FindElement(By.Id("reason")).SendKeys("Trademarks are the Market bureau's IP office, not ours.");
        browser.FindElement(By.Id("reason-button")).Click();
        WaitGone(browser, row);
        var back = (await zone.Get($"/api/requests/{request.Id}", zone.SecretaryToken).Json()).GetProperty("request");
        Assert.Equal("HandedBack", back.GetProperty("tasks")[0].GetProperty("state").GetString());
        var desk = await zone.Get("/api/queues/dispatch?all=true&pageSize=200", zone.DeskToken).Json();
        Assert.Contains(desk.GetProperty("items").EnumerateArray(), q => q.GetProperty("requestId").GetGuid() == request.Id);
    }
}
