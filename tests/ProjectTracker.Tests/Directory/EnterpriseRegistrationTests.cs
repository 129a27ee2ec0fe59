using ProjectTracker.Access;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

public class EnterpriseRegistrationTests(DirectoryRegisteredThroughApi api) : IClassFixture<DirectoryRegisteredThroughApi>
{
    private readonly string _admin = api.AdminToken;

    [Theory]
    [InlineData("91330100799655058B")]
    [InlineData("9144030071526726XG")]
    [InlineData("914403001922038216")]
    public async Task an_administrator_registers_an_enterprise_with_a_real_credit_code(string code)
    {
        var e = await api.Post("/api/enterprises", new { name = "Weifang Test Co.", creditCode = code, isKey = true }, _admin).Json<Enterprise>();
        Assert.Equal(code, e.CreditCode);
        Assert.True(e.IsKey);
    }

    [Theory]
    [InlineData("91330100799655058A")]  // wrong check character
    [InlineData("9133010079965505")]    // too short
    [InlineData("91330100799655O58B")]  // letter O is not in the alphabet
    public async Task a_corrupted_credit_code_is_rejected_naming_the_field(string code)
    {
        var result = await api.Post("/api/enterprises", new { name = "Bad Code Co.", creditCode = code }, _admin, 400);
        Assert.Contains("creditCode", await result.ReadAsTextAsync());
    }

    [Fact]
    public async Task malformed_and_null_bodies_get_400()
    {
        await api.Post("/api/enterprises", "{not json", _admin, 400);
        await api.Post("/api/enterprises", "null", _admin, 400);
        await api.Post("/api/enterprises", "{\"name\": 5, \"creditCode\": true}", _admin, 400);
    }

    [Fact]
    public async Task without_credentials_401_and_without_the_admin_role_403()
    {
        var body = new { name = "X", creditCode = "91110000802100433B" };
        await api.Post("/api/enterprises", body, null, 401);
        await api.Post("/api/enterprises", body, api.TokenFor(api.Supervisor.Id, Roles.Supervisor), 403);
    }

    [Fact]
    public async Task a_duplicate_credit_code_is_a_conflict()
    {
        var body = new { name = "Dup Co.", creditCode = "91110000802100433B" };
        await api.Post("/api/enterprises", body, _admin, 201);
        await api.Post("/api/enterprises", body, _admin, 409);
    }
}
