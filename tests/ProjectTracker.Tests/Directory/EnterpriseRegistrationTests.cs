using System.Net;
using Alba;
using ProjectTracker.Access;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

public class EnterpriseRegistrationTests(ApiWithDirectory api) : IClassFixture<ApiWithDirectory>
{
    private readonly string _admin = api.AdminToken;

    [Theory]
    [InlineData("91330100799655058B")]
    [InlineData("9144030071526726XG")]
    [InlineData("914403001922038216")]
    public async Task an_administrator_registers_an_enterprise_with_a_real_credit_code(string code)
    {
        var result = await api.Host.Scenario(s =>
        {
            s.Post.Json(new { name = "Weifang Test Co.", creditCode = code, isKey = true }).ToUrl("/api/enterprises");
            s.WithBearerToken(_admin);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var e = await result.ReadAsJsonAsync<Enterprise>();
        Assert.Equal(code, e!.CreditCode);
        Assert.True(e.IsKey);
    }

    [Theory]
    [InlineData("91330100799655058A")]  // wrong check character
    [InlineData("9133010079965505")]    // too short
    [InlineData("91330100799655O58B")]  // letter O is not in the alphabet
    public async Task a_corrupted_credit_code_is_rejected_naming_the_field(string code)
    {
        var result = await api.Host.Scenario(s =>
        {
            s.Post.Json(new { name = "Bad Code Co.", creditCode = code }).ToUrl("/api/enterprises");
            s.WithBearerToken(_admin);
            s.StatusCodeShouldBe(400);
        });
        Assert.Contains("creditCode", await result.ReadAsTextAsync());
    }

    [Fact]
    public async Task malformed_and_null_bodies_get_400()
    {
        await api.Host.Scenario(s =>
        {
            s.Post.Text("{not json").ToUrl("/api/enterprises");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearerToken(_admin);
            s.StatusCodeShouldBe(400);
        });
        await api.Host.Scenario(s =>
        {
            s.Post.Text("null").ToUrl("/api/enterprises");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearerToken(_admin);
            s.StatusCodeShouldBe(400);
        });
        await api.Host.Scenario(s =>
        {
            s.Post.Text("{\"name\": 5, \"creditCode\": true}").ToUrl("/api/enterprises");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearerToken(_admin);
            s.StatusCodeShouldBe(400);
        });
    }

    [Fact]
    public async Task without_credentials_401_and_without_the_admin_role_403()
    {
        await api.Host.Scenario(s =>
        {
            s.Post.Json(new { name = "X", creditCode = "91110000802100433B" }).ToUrl("/api/enterprises");
            s.StatusCodeShouldBe(401);
        });
        await api.Host.Scenario(s =>
        {
            s.Post.Json(new { name = "X", creditCode = "91110000802100433B" }).ToUrl("/api/enterprises");
            s.WithBearerToken(api.TokenFor(api.Supervisor.Id, Roles.Supervisor));
            s.StatusCodeShouldBe(403);
        });
    }

    [Fact]
    public async Task a_duplicate_credit_code_is_a_conflict()
    {
        var body = new { name = "Dup Co.", creditCode = "91110000802100433B" };
        await api.Host.Scenario(s => { s.Post.Json(body).ToUrl("/api/enterprises"); s.WithBearerToken(_admin); s.StatusCodeShouldBe(201); });
        await api.Host.Scenario(s => { s.Post.Json(body).ToUrl("/api/enterprises"); s.WithBearerToken(_admin); s.StatusCodeShouldBe(409); });
    }
}
