using System.Text.Json;
using Alba;
using Microsoft.Extensions.Logging;
using ProjectTracker.Access;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Infrastructure;

/// <summary>
/// One input policy for every endpoint (README, "Bad input"): refused text, enum numbers,
/// duplicate keys and unlabelled bodies are 4xx ProblemDetails naming the field, and nothing is appended.
/// </summary>
public class InputPolicyTests(Zone zone) : IClassFixture<Zone>
{
    private string Everyone => zone.TokenFor(zone.EveryRole);

    private static string Filing(string title = "Need land", string description = "Details.", string category = "\"Funding\"") =>
        $$"""{"category":{{category}},"title":"{{title}}","description":"{{description}}"}""";

    /// <summary>Sends a refused call and checks that it appended no event anywhere; answers the problem.</summary>
    private async Task<JsonElement> Refused(Func<Task<IScenarioResult>> call)
    {
        var before = await zone.EventTotal();
        var problem = await call().Json();
        Assert.Equal(before, await zone.EventTotal());
        return problem;
    }

    [Fact]
    public async Task a_nul_in_a_title_is_a_400_naming_the_field_and_appends_nothing()
    {
        var problem = await Refused(() => zone.Post("/api/requests", Filing(title: @"Need\u0000land"), zone.KeyContactToken, 400));
        Assert.Equal(InputText.Rule, Assert.Single(problem.ErrorsFor("title")));
    }

    [Theory]
    [InlineData(@"\u0001")]
    [InlineData(@"\u001f")]
    [InlineData(@"\u007f")]
    [InlineData(@"\u0085")]
    [InlineData(@"\u009f")]
    [InlineData(@"\u202e")]
    [InlineData(@"\u2066")]
    [InlineData(@"\u2069")]
    public async Task control_and_bidirectional_override_characters_are_refused_in_any_text_field(string character)
    {
        var problem = await Refused(() => zone.Post("/api/requests", Filing(description: $"Invoice {character}fdp.exe"), zone.KeyContactToken, 400));
        problem.ErrorsFor("description");
    }

    [Fact]
    public async Task line_breaks_and_tabs_are_ordinary_text()
    {
        var filed = await zone.Post("/api/requests", Filing(description: @"Line one\r\nLine two\tend"), zone.KeyContactToken).Json();
        Assert.Equal("Line one\r\nLine two\tend", filed.GetProperty("description").GetString());
    }

    [Fact]
    public async Task a_control_character_in_a_dispatch_instruction_names_the_task_and_appends_nothing()
    {
        var request = await zone.FileAsync();
        var body = $$"""
            {"tasks":[{"assigneeKind":"Department","assigneeId":"{{zone.EconomicBureau}}","instructions":"Please handle."},
                      {"assigneeKind":"Department","assigneeId":"{{zone.MarketBureau}}","instructions":"Ring\u0007 me"}]}
            """;
        var problem = await Refused(() => zone.Post($"/api/requests/{request.Id}/dispatch", body, zone.SecretaryToken, 400));
        problem.ErrorsFor("tasks[1].instructions");
    }

    [Fact]
    public async Task a_bidirectional_override_in_a_department_name_is_refused_and_appends_nothing()
    {
        var problem = await Refused(() => zone.Post("/api/departments", """{"name":"Finance \u202Eeciffo"}""", zone.TokenFor(zone.Admin, Roles.Admin), 400));
        problem.ErrorsFor("name");
    }

    [Theory]
    [InlineData(@"""location"":""Plot\u00007""", "location")]
    [InlineData(@"""plans"":[{""milestone"":0,""date"":""2027-01-01""}]", "plans[0].milestone")]
    public async Task a_project_registration_names_the_refused_field_and_appends_nothing(string part, string field)
    {
        var body = $$"""{"name":"Bearings plant","leadEnterpriseId":"{{zone.KeyEnterprise}}","investmentYuan":1000,"taskForceId":"{{zone.LandTaskForce}}",{{part}}}""";
        var problem = await Refused(() => zone.Post("/api/projects", body, zone.LeadToken, 400));
        problem.ErrorsFor(field);
    }

    [Theory]
    [InlineData("/api/requests?q=a%00b", "q")]
    [InlineData("/api/enterprises?q=Alpha%01", "q")]
    [InlineData("/api/staff?role=st%C2%85aff", "role")]
    [InlineData("/api/projects?industry=%E2%80%AEtnemqiuqe", "industry")]
    [InlineData("/api/escalations?kind=%7F", "kind")]
    [InlineData("/api/task-forces?q=%E2%81%A6x", "q")]
    public async Task refused_text_in_a_query_filter_is_a_400_naming_the_parameter(string url, string parameter)
    {
        var problem = await zone.Get(url, Everyone, 400).Json();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        problem.ErrorsFor(parameter);
    }

    [Fact]
    public async Task a_route_value_is_held_to_the_same_rule()
    {
        // Not a NUL: ASP.NET Core refuses a path holding one before any route is matched.
        var problem = await Refused(() => zone.Put("/api/routing/Fund%01ing", new { departmentIds = new[] { zone.EconomicBureau } }, zone.TokenFor(zone.Admin, Roles.Admin), 400));
        problem.ErrorsFor("category");
    }

    [Fact]
    public async Task an_idempotency_key_is_held_to_the_same_rule()
    {
        var problem = await Refused(() => zone.Host.Scenario(s =>
        {
            s.Post.Json(new { category = "Funding", title = "t", description = "d" }).ToUrl("/api/requests");
            s.WithRequestHeader("Idempotency-Key", "retry\u0001");
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBe(400);
        }));
        problem.ErrorsFor("Idempotency-Key");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("\"1\"")]
    [InlineData("\"Funding, Talent\"")]
    [InlineData("\"Lottery\"")]
    public async Task an_enum_in_a_body_is_one_name_not_a_number(string category)
    {
        var problem = await Refused(() => zone.Post("/api/requests", Filing(category: category), zone.KeyContactToken, 400));
        Assert.Contains("Funding", Assert.Single(problem.ErrorsFor("category")));
    }

    [Theory]
    [InlineData("/api/requests?status=99", "status", "Dispatched")]
    [InlineData("/api/requests?category=1", "category", "Funding")]
    [InlineData("/api/escalations?level=0", "level", "Accountability")]
    [InlineData("/api/task-forces?kind=0", "kind", "Thematic")]
    public async Task an_enum_in_a_query_is_a_name_not_a_number(string url, string parameter, string aName)
    {
        var problem = await zone.Get(url, Everyone, 400).Json();
        Assert.Contains(aName, Assert.Single(problem.ErrorsFor(parameter)));
    }

    [Fact]
    public async Task an_enum_in_a_query_is_found_by_its_name_in_any_case() =>
        await zone.Get("/api/requests?status=filed&category=FUNDING", Everyone);

    [Fact]
    public async Task the_api_description_still_gives_each_enums_names_and_text_as_strings()
    {
        var schemas = (await zone.Get("/openapi/v1.json", token: null).Json()).GetProperty("components").GetProperty("schemas");
        Assert.Contains("LandAndPlant", schemas.GetProperty("Category").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("string", schemas.GetProperty("FileRequestInput").GetProperty("properties").GetProperty("title").GetProperty("type")
            .EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task a_key_given_twice_is_refused_naming_it()
    {
        var problem = await Refused(() => zone.Post("/api/requests",
            """{"category":"Funding","title":"Harmless","description":"d","title":"Something else"}""", zone.KeyContactToken, 400));
        problem.ErrorsFor("title");
    }

    [Fact]
    public async Task a_value_of_the_wrong_type_names_the_field_in_errors()
    {
        var problem = await Refused(() => zone.Post("/api/requests", """{"category":"Funding","title":5,"description":"d"}""", zone.KeyContactToken, 400));
        problem.ErrorsFor("title");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task a_body_not_labelled_json_is_415_naming_the_content_type(string? contentType)
    {
        var problem = await Refused(() => zone.Host.Scenario(s =>
        {
            s.Post.Text(Filing()).ToUrl("/api/requests");
            s.ConfigureHttpContext(c => c.Request.ContentType = contentType);
            s.WithBearerToken(zone.KeyContactToken);
            s.StatusCodeShouldBe(415);
        }));
        problem.ErrorsFor("Content-Type");
    }

    [Fact]
    public async Task the_enterprise_import_takes_csv_only_and_holds_its_cells_to_the_same_rule()
    {
        var admin = zone.TokenFor(zone.Admin, Roles.Admin);
        await Refused(() => zone.Host.Scenario(s =>
        {
            s.Post.Text("name,creditCode\nGamma Co.,91370700MA3TX0001X").ToUrl("/api/enterprises/import");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearerToken(admin);
            s.StatusCodeShouldBe(415);
        }));
        var rows = await Refused(() => zone.Host.Scenario(s =>
        {
            s.Post.Text($"name,creditCode\nGamma\u0000 Co.,{DirectoryCalls.NextCreditCode()}").ToUrl("/api/enterprises/import");
            s.WithRequestHeader("Content-Type", "text/csv");
            s.WithBearerToken(admin);
            s.StatusCodeShouldBe(400);
        }));
        var row = Assert.Single(rows.GetProperty("rows").EnumerateArray());
        Assert.Equal("name", row.GetProperty("field").GetString());
    }

    [Fact]
    public async Task refused_input_is_logged_as_information_without_its_text()
    {
        var mark = zone.Logs.Mark;
        await zone.Post("/api/requests", Filing(title: @"Marker-7Q\u0000"), zone.KeyContactToken, 400);
        await zone.Post("/api/requests", """{"category":"Funding","title":"Marker-7Q","title":"x","description":"d"}""", zone.KeyContactToken, 400);
        await zone.Post("/api/requests", """{"category":"Funding","title":["Marker-7Q"],"description":"d"}""", zone.KeyContactToken, 400);
        await zone.Get("/api/requests?q=Marker-7Q%00", Everyone, 400);
        await zone.Get("/api/requests?page=Marker-7Q", Everyone, 400);

        var logged = zone.Logs.Since(mark);
        Assert.DoesNotContain(logged, e => e.Level >= LogLevel.Warning);
        Assert.DoesNotContain(logged, e => e.Text.Contains("Marker-7Q"));
        Assert.Contains(logged, e => e.Level == LogLevel.Information && e.Text.StartsWith("Refused POST /api/requests: 400"));
    }
}
