using System.Text.Json;
using OpenQA.Selenium;
using ProjectTracker.Tests.Fixtures;
using static ProjectTracker.Tests.WebConsole.ConsoleZone;

namespace ProjectTracker.Tests.WebConsole;

/// <summary>
/// The console's work pages in a real browser: a staff member notes progress and transfers a task
/// from their queue; a dispatcher decomposes a filed request to two units from the desk. Each page is
/// also looked at a phone's width, and its browser console holds no error.
/// </summary>
public class ConsoleWorkBrowserTests(ConsoleZone zone) : IClassFixture<ConsoleZone>
{
    [BrowserFact]
    public async Task Staff_note_progress_then_transfer_the_task_to_a_task_force_and_it_leaves_their_queue()
    {
        var request = await zone.FileAsync(title: "Land for a warehouse extension");
        var taskId = (await zone.DispatchAsync(request.Id, zone.EconomicBureau)).Tasks[0].Id;
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.EconomicStaff);
        var row = By.CssSelector($"tr[data-task='{taskId}']");
        Wait(browser, row).FindElement(By.ClassName("open-task")).Click();

        // A progress note: the panel is read again and lists it; the request's timeline has it.
        Wait(browser, By.Id("progress")).SendKeys("Site visit booked for Thursday.");
        browser.FindElement(By.Id("progress-button")).Click();
        Wait(browser, By.Id("progress-notes"), l => l.Text.Contains("Site visit booked for Thursday."));
        Assert.Equal("ok", browser.FindElement(By.Id("notice")).GetAttribute("class"));
        var timeline = await zone.Get($"/api/requests/{request.Id}/timeline", zone.EconomicToken).Json();
        var noted = Assert.Single(timeline.EnumerateArray(), e => e.GetProperty("event").GetString() == "TaskProgressNoted");
        Assert.Equal(taskId, noted.GetProperty("data").GetProperty("taskId").GetGuid());

        // The transfer offers the directory's departments and task forces, not the unit holding the task.
        var options = Wait(browser, By.Id("transfer-to")).FindElements(By.TagName("option")).Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(zone.LandTaskForce.ToString(), options);
        Assert.Contains(zone.MarketBureau.ToString(), options);
        Assert.DoesNotContain(zone.EconomicBureau.ToString(), options);
        // Without a reason the API's 400 names the field, and nothing moves.
        browser.FindElement(By.CssSelector($"#transfer-to option[value='{zone.LandTaskForce}']")).Click();
        browser.FindElement(By.Id("transfer-button")).Click();
        Assert.Contains("reason", Wait(browser, By.CssSelector("#notice.error")).Text);
        browser.FindElement(By.Id("transfer-reason")).SendKeys("The land question is the Land and plant task force's.");
        Screenshot(browser, "task-transfer");
        AssertFitsPhone(browser, "task-panel");
        browser.FindElement(By.Id("transfer-button")).Click();
        WaitGone(browser, row);
        Wait(browser, By.CssSelector("#notice.ok"));

        var task = (await zone.Get($"/api/requests/{request.Id}", zone.LeadToken).Json()).GetProperty("request").GetProperty("tasks")[0];
        Assert.Equal("TaskForce", task.GetProperty("assigneeKind").GetString());
        Assert.Equal(zone.LandTaskForce, task.GetProperty("assigneeId").GetGuid());
        var leadQueue = await zone.Get("/api/queues/tasks?pageSize=200", zone.LeadToken).Json();
        Assert.Contains(leadQueue.GetProperty("items").EnumerateArray(), k => k.GetProperty("taskId").GetGuid() == taskId);
        Assert.Empty(ConsoleErrors(browser, 400));
    }

    [BrowserFact]
    public async Task Dispatcher_dispatches_a_filed_request_to_two_departments_from_the_desk()
    {
        var request = await zone.FileAsync(title: "Export licence and a bank guarantee");
        using var browser = StartBrowser();
        zone.SignIn(browser, zone.Desk);
        var row = By.CssSelector($"tr[data-request='{request.Id}']");
        Wait(browser, row).FindElement(By.ClassName("open-dispatch")).Click();
        Assert.Equal($"{request.Number} · Export licence and a bank guarantee", Wait(browser, By.Id("dispatch-request-title")).Text);

        // Two rows on one unit: the API's 400 names tasks, nothing dispatched.
        Wait(browser, By.CssSelector($"#assignee-0 option[value='{zone.EconomicBureau}']")).Click();
        browser.FindElement(By.Id("add-unit")).Click();
        Wait(browser, By.CssSelector($"#assignee-1 option[value='{zone.EconomicBureau}']")).Click();
        browser.FindElement(By.Id("dispatch-button")).Click();
        Assert.Contains("tasks", Wait(browser, By.CssSelector("#notice.error")).Text);

        // The second row on the Market Supervision Bureau, with its own instructions: one dispatch, two tasks.
        browser.FindElement(By.CssSelector($"#assignee-1 option[value='{zone.MarketBureau}']")).Click();
        var second = browser.FindElement(By.Id("instructions-1"));
        second.Clear();
        second.SendKeys("Check the export licence.");
        Screenshot(browser, "dispatch-two-units");
        AssertFitsPhone(browser, "dispatch-desk");
        browser.FindElement(By.Id("dispatch-button")).Click();
        WaitGone(browser, row);   // dispatched: off the desk
        Wait(browser, By.CssSelector("#notice.ok"));
        Assert.Empty(browser.FindElements(By.Id("dispatch-panel")));

        var tasks = (await zone.Get($"/api/requests/{request.Id}", zone.DeskToken).Json()).GetProperty("request").GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(2, tasks.Count);
        Assert.Equal(new[] { zone.EconomicBureau, zone.MarketBureau }.Order(), tasks.Select(k => k.GetProperty("assigneeId").GetGuid()).Order());
        Assert.Equal("Check the export licence.", tasks.Single(k => k.GetProperty("assigneeId").GetGuid() == zone.MarketBureau).GetProperty("instructions").GetString());
        Assert.All(tasks, k => Assert.Equal("Department", k.GetProperty("assigneeKind").GetString()));
        foreach (var token in new[] { zone.EconomicToken, zone.MarketToken })
        {
            var queue = await zone.Get("/api/queues/tasks?pageSize=200", token).Json();
            Assert.Contains(queue.GetProperty("items").EnumerateArray(), k => k.GetProperty("requestId").GetGuid() == request.Id);
        }

        // The request page names both units.
        browser.Navigate().GoToUrl(new Uri(zone.BaseAddress, $"/console/requests/{request.Id}"));
        var shown = Wait(browser, By.Id("tasks"), t => t.Text.Contains("Market Supervision Bureau"));
        Assert.Contains("Economic Development Bureau", shown.Text);
        Screenshot(browser, "request-two-tasks");
        Assert.Empty(ConsoleErrors(browser, 400));
    }
}
