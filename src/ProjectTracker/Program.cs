using JasperFx;
using ProjectTracker.Infrastructure;
using Wolverine.Http;

// Hosting only: every domain rule lives in its slice folder.
var builder = WebApplication.CreateBuilder(args);

builder.AddPersistence();      // Marten + Wolverine (Infrastructure/Persistence.cs)
builder.AddIdentity();         // JWT bearer + role policies (Infrastructure/Identity.cs)
builder.AddApiDocs();          // OpenAPI + ProblemDetails (Infrastructure/ApiDocs.cs)
builder.Services.AddWolverineHttp();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthEndpoints();
app.MapOpenApi().AllowAnonymous();
app.MapWolverineEndpoints(ApiErrors.Configure);

return await app.RunJasperFxCommands(args);

/// <summary>Visible to the HTTP tests (WebApplicationFactory / Alba).</summary>
public partial class Program;
