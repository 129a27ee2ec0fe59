using System.Text.Json;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

public class OpenApiTests(Api api) : IClassFixture<Api>
{
    [Theory]
    [InlineData("/api/enterprises", "get", null, "PagedOfEnterprise")]
    [InlineData("/api/enterprises", "post", "EnterpriseInput", "Enterprise")]
    [InlineData("/api/enterprises/{id}", "get", null, "Enterprise")]
    [InlineData("/api/enterprises/{id}", "put", "EnterpriseDetails", "Enterprise")]
    [InlineData("/api/enterprises/{id}/secretary", "put", "SecretaryChoice", "Enterprise")]
    [InlineData("/api/enterprises/import", "post", "text/csv", "EnterprisesImported")]
    [InlineData("/api/enterprises/{id}/contacts", "get", null, "PagedOfContact")]
    [InlineData("/api/enterprises/{id}/contacts", "post", "ContactInput", "Contact")]
    [InlineData("/api/contacts/{id}", "get", null, "Contact")]
    [InlineData("/api/contacts/{id}", "put", "ContactDetails", "Contact")]
    [InlineData("/api/departments", "get", null, "PagedOfDepartment")]
    [InlineData("/api/departments", "post", "DepartmentInput", "Department")]
    [InlineData("/api/departments/{id}", "get", null, "Department")]
    [InlineData("/api/departments/{id}", "put", "DepartmentInput", "Department")]
    [InlineData("/api/staff", "get", null, "PagedOfStaffMember")]
    [InlineData("/api/staff", "post", "StaffInput", "StaffMember")]
    [InlineData("/api/staff/{id}", "get", null, "StaffMember")]
    [InlineData("/api/staff/{id}", "put", "StaffDetails", "StaffMember")]
    [InlineData("/api/task-forces", "get", null, "PagedOfTaskForce")]
    [InlineData("/api/task-forces", "post", "TaskForceInput", "TaskForce")]
    [InlineData("/api/task-forces/{id}", "get", null, "TaskForce")]
    [InlineData("/api/task-forces/{id}", "put", "TaskForceDetails", "TaskForce")]
    [InlineData("/api/routing", "get", null, "RoutingTableView")]
    [InlineData("/api/routing/{category}", "put", "RouteInput", "RoutingTableView")]
    public async Task every_directory_endpoint_is_described_with_its_request_and_response(string path, string method, string? request, string response)
    {
        var doc = await api.Get("/openapi/v1.json", token: null).Json();
        Assert.True(doc.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is missing");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is missing");

        var success = operation.GetProperty("responses").EnumerateObject().Single(r => r.Name is "200" or "201").Value;
        Assert.EndsWith("/" + response, SchemaRef(success));
        if (request == "text/csv")
            Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        else if (request is not null)
            Assert.EndsWith("/" + request, SchemaRef(operation.GetProperty("requestBody")));
    }

    private static string SchemaRef(JsonElement withContent) =>
        withContent.GetProperty("content").EnumerateObject().First().Value.GetProperty("schema").GetProperty("$ref").GetString()!;
}
