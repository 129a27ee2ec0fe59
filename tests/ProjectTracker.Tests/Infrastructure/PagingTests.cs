using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Infrastructure;

/// <summary>Every list pages the same way: a page out of range is a 400 naming the parameter, never quietly another page.</summary>
public class PagingTests(Zone zone) : IClassFixture<Zone>
{
    private string Everyone => zone.TokenFor(zone.EveryRole);

    [Theory]
    [InlineData("/api/requests?page=0", "page")]
    [InlineData("/api/requests?page=-1", "page")]
    [InlineData("/api/enterprises?pageSize=0", "pageSize")]
    [InlineData("/api/escalations?pageSize=201", "pageSize")]
    [InlineData("/api/projects?pageSize=1000000", "pageSize")]
    [InlineData("/api/queues/tasks?page=0", "page")]
    [InlineData("/api/staff?pageSize=-5", "pageSize")]
    public async Task a_page_out_of_range_is_a_400_naming_the_parameter(string url, string parameter)
    {
        var problem = await zone.Get(url, Everyone, 400).Json();
        problem.ErrorsFor(parameter);
    }

    [Fact]
    public async Task the_largest_page_size_is_served_as_asked()
    {
        var page = await zone.Get($"/api/enterprises?pageSize={Limits.PageSizeMax}", Everyone).Json();
        Assert.Equal(Limits.PageSizeMax, page.GetProperty("pageSize").GetInt32());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task a_page_past_the_end_of_an_in_memory_list_is_empty_and_says_which_page_it_is()
    {
        var page = await zone.Get("/api/queues/tasks?page=2147483647&pageSize=200", Everyone).Json();
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Equal(2147483647, page.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task every_page_of_a_stored_list_tells_the_whole_total_even_past_the_end()
    {
        var total = (await zone.Get("/api/departments?pageSize=200", Everyone).Json()).GetProperty("total").GetInt64();
        Assert.True(total >= 2);
        foreach (var url in new[] { "/api/departments?page=1&pageSize=1", "/api/departments?page=2&pageSize=1", "/api/departments?page=999&pageSize=1",
                     "/api/departments?page=2147483647&pageSize=200" })
        {
            var page = await zone.Get(url, Everyone).Json();
            Assert.Equal(total, page.GetProperty("total").GetInt64());
            Assert.Equal(url.Contains("page=999") || url.Contains("2147483647") ? 0 : 1, page.GetProperty("items").GetArrayLength());
        }
    }
}
