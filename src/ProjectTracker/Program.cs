using JasperFx;
using ProjectTracker.Access;
using ProjectTracker.Deadlines;
using ProjectTracker.Directory;
using ProjectTracker.WebConsole;
using ProjectTracker.Escalations;
using ProjectTracker.History;
using ProjectTracker.Infrastructure;
using ProjectTracker.Operations;
using ProjectTracker.Projects;
using ProjectTracker.Requests;
using ProjectTracker.Supervision;
using Wolverine.Http;

// Hosting only: every domain rule lives in its slice folder.

// deploy/run.sh always puts `--urls <address>` first. When a command follows (`run.sh seed-demo`,
// `run.sh dev-token ...`), JasperFx would take the flag for the command's name; commands need no address.
if (args is ["--urls", _, var command, ..] && !command.StartsWith('-')) args = args[2..];

var builder = WebApplication.CreateBuilder(args);
if (ProductionMode.RefuseUnsafeSettings(builder) is { } refused) return refused;   // outside Development (Operations/ProductionMode.cs)

builder.AddOperations(args);   // production mode, logs, telemetry (Operations/OperationsModule.cs)

builder.AddPersistence(applySchemaOnStartup: !ProductionMode.IsStrict(builder.Environment));   // Marten + Wolverine (Infrastructure/Persistence.cs)
builder.AddDirectory();        // each area registers what it stores and runs: Directory/DirectoryModule.cs, ...
builder.AddHistory();          // before the sweep: it writes escalations, which the history's triggers record
builder.AddDeadlines();
builder.AddRequests();
builder.AddEscalations();
builder.AddProjects();
builder.AddSupervision();      // scorecards, rankings, exports
builder.AddIdentity();         // JWT bearer + role policies (Access/Identity.cs)
builder.AddApiDocs();          // OpenAPI + ProblemDetails (Infrastructure/ApiDocs.cs)
builder.AddRateLimits();       // a token bucket per user (Infrastructure/RateLimits.cs)
builder.AddInputPolicy();      // what every endpoint refuses (Infrastructure/InputPolicy.cs)
builder.AddLogPrivacy();       // no enterprise text in logs; refusals are not errors (Infrastructure/LogPrivacy.cs)
builder.AddConsolePages();     // the console's Razor Pages (WebConsole/ConsolePages.cs)
builder.Services.AddWolverineHttp();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
    .AddCheck<ProjectTracker.Deadlines.Calendars.CalendarHealthCheck>("calendars", tags: ["ready"]);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodyLimits();
app.UseConsolePages();      // the console: server-rendered pages that ask for a console session themselves (WebConsole/ConsolePages.cs)
app.UseAuthentication();
app.UseConsoleAntiforgery(); // a call made with the console's cookie carries its anti-forgery token (Access/ConsoleSessions.cs)
app.UseRateLimiter();
app.UseAuthorization();
app.UseInputPolicy();
app.UsePreconditions();     // If-Match on every command on an existing record (Infrastructure/Preconditions.cs)
app.MapHealthEndpoints();
app.MapOpenApi().AllowAnonymous();
app.MapWolverineEndpoints(ApiErrors.Configure);

if (await ProductionMode.RefuseStaleSchemaAsync(app, args) is { } stale) return stale;
return await app.RunJasperFxCommands(args);

/// <summary>Visible to the HTTP tests (WebApplicationFactory / Alba).</summary>
public partial class Program;
