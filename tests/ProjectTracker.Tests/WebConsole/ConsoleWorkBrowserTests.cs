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
        Assert.Contains($"TaskForce:{zone.LandTaskForce}", options);
        Assert.Contains($"Department:{zone.MarketBureau}", options);
        Assert.DoesNotContain($"Department:{zone.EconomicBureau}", options);
        // Without a reason the API's 400 names the field, and nothing moves.
        browser.FindElement(By.CssSelector($"#transfer-to option[value='TaskForce:{zone.LandTaskForce}']")).Click();
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
}
