using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using ProjectTracker.Tests.Fixtures;
using Wolverine;

namespace ProjectTracker.Tests.WebConsole;

/// <summary>
/// The zone (<see cref="Zone"/>) and, on the same database and fake clock, the real service on
/// Kestrel on a free loopback port, for Debian's chromium (headless) driven by its chromium-driver.
/// The Alba host seeds and sets up scenarios; the browser only ever talks to Kestrel.
/// </summary>
public sealed class ConsoleZone : Zone
{
    public const string Chromium = "/usr/bin/chromium", ChromeDriver = "/usr/bin/chromedriver";
    public static bool BrowserInstalled => File.Exists(Chromium) && File.Exists(ChromeDriver);

    private KestrelHost? _kestrel;
    public Uri BaseAddress => _kestrel!.ClientOptions.BaseAddress;
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "console");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _kestrel = new KestrelHost(this);
        _kestrel.UseKestrel(0);
        _kestrel.StartServer();
    }

    public override async Task DisposeAsync()
    {
        if (_kestrel is not null) await _kestrel.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>A fresh headless chromium (its own profile, so no session storage is shared between tests).</summary>
    public static ChromeDriver StartBrowser()
    {
        // Selenium Manager must not look for a browser or driver to download: both are Debian's.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        // The flags the machine's probe found necessary: no sandbox as root, and no background
        // networking, which this closed network refuses.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,800",
            "--user-data-dir=" + System.IO.Directory.CreateTempSubdirectory("pt-chromium-").FullName);
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);   // the page's console, for ConsoleErrors
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// The first element found that satisfies <paramref name="until"/>. The pages are rendered on the
    /// server: after a command the page is loaded again, and an element looked at meanwhile may
    /// belong to the page that is going (stale, or "does not belong to the document"): looked for again.
    /// </summary>
    public static IWebElement Wait(IWebDriver driver, By by, Func<IWebElement, bool>? until = null) =>
        Waiting(driver).Until(d => d.FindElements(by).FirstOrDefault(e => until is null || until(e)))!;

    public static void WaitGone(IWebDriver driver, By by) => Waiting(driver).Until(d => d.FindElements(by).Count == 0);

    private static WebDriverWait Waiting(IWebDriver driver)
    {
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(15));
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException), typeof(UnknownErrorException));
        return wait;
    }

    public static void Screenshot(IWebDriver driver, string name)
    {
        System.IO.Directory.CreateDirectory(Screenshots);
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(Screenshots, name + ".png"));
    }

    /// <summary>
    /// The browser console's errors since the last call (script errors, CSP refusals, failed loads),
    /// leaving out the failed loads of the HTTP statuses the test provoked on purpose (a 412, a 400).
    /// </summary>
    public static IReadOnlyList<string> ConsoleErrors(IWebDriver driver, params int[] expectedStatuses) =>
        [.. driver.Manage().Logs.GetLog(LogType.Browser)
            .Where(e => e.Level >= LogLevel.Warning)
            .Select(e => e.Message)
            .Where(m => !expectedStatuses.Any(s => m.Contains("Failed to load resource", StringComparison.Ordinal) && m.Contains($"status of {s}", StringComparison.Ordinal)))];

    /// <summary>
    /// The page at a phone's width (390 px): screenshot <paramref name="name"/>-phone, nothing wider
    /// than the screen (no sideways scrolling), then back to 1280×800.
    /// </summary>
    public static void AssertFitsPhone(IWebDriver driver, string name)
    {
        driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        try
        {
            var js = (IJavaScriptExecutor)driver;
            new WebDriverWait(driver, TimeSpan.FromSeconds(5)).Until(_ => Convert.ToInt64(js.ExecuteScript("return window.innerWidth;")) <= 400);
            Screenshot(driver, name + "-phone");
            var (scroll, inner) = (Convert.ToInt64(js.ExecuteScript("return document.documentElement.scrollWidth;")),
                Convert.ToInt64(js.ExecuteScript("return window.innerWidth;")));
            Assert.True(scroll <= inner, $"{name} is {scroll} px wide at a phone's {inner} px: it scrolls sideways.");
        }
        finally { driver.Manage().Window.Size = new System.Drawing.Size(1280, 800); }
    }

    /// <summary>
    /// Signs in as <paramref name="userId"/> as a user would in Development: the console's address
    /// sends to the sign-in page, which lists the directory's users; the user's button posts the form
    /// (with its anti-forgery token) and the console opens on the user's page (its table), or on the
    /// 403 page for a contact.
    /// </summary>
    public void SignIn(IWebDriver driver, Guid userId, bool toConsole = true)
    {
        driver.Navigate().GoToUrl(new Uri(BaseAddress, "/console/"));
        Wait(driver, By.Id($"sign-in-as-{userId}")).Click();
        if (toConsole) Wait(driver, By.CssSelector("#content table"));
    }

    private sealed class KestrelHost(ConsoleZone zone) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder b)
        {
            var here = AppContext.BaseDirectory;
            b.UseContentRoot(Path.Combine(here[..here.IndexOf("/tests/", StringComparison.Ordinal)], "src", "ProjectTracker"));
            b.UseSetting("ConnectionStrings:Marten", zone.ConnectionString);
            b.UseSetting("Auth:SigningKey", SigningKey);
            b.UseSetting("Deadlines:SweepLanes", "0");   // the tests sweep on the fake clock (Zone.SweepAsync)
            b.UseSetting("RateLimits:Burst", "1000000");
            b.UseSetting("RateLimits:PerSecond", "1000000");
            b.ConfigureServices(s =>
            {
                s.AddSingleton<TimeProvider>(zone.Clock);
                s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(zone.Logs);
                s.DisableAllExternalWolverineTransports();
            });
        }
    }
}

/// <summary>A browser test: skipped, saying why, where Debian's chromium and chromium-driver are not installed (CI installs them: deploy/test.sh).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!ConsoleZone.BrowserInstalled)
            Skip = $"Browser tests need Debian's chromium and chromium-driver ({ConsoleZone.Chromium}, {ConsoleZone.ChromeDriver}): apt-get install -y chromium chromium-driver";
    }
}
