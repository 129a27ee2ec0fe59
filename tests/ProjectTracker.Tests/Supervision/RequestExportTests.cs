using System.Globalization;
using System.Text.Json;
using Alba;
using CsvHelper;
using Microsoft.AspNetCore.Http.Features;
using MiniExcelLibs;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Supervision;

/// <summary>
/// The request search exported whole: read back with CsvHelper and MiniExcel, it lists what the
/// JSON search lists for the same caller and filters, in the same order (the zone caps an export at 8).
/// </summary>
public class RequestExportTests(ScoredZone zone) : IClassFixture<ScoredZone>
{
    private const string Number = "诉求编号 Request number";

    private async Task<byte[]> DownloadAsync(string url, string token, string contentType)
    {
        // Kestrel refuses synchronous writes to a response (the test server allows them): so does this download.
        var result = await zone.Host.Scenario(s =>
        {
            s.ConfigureHttpContext(c => c.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = false);
            s.Get.Url(url);
            s.WithBearerToken(token);
        });
        Assert.StartsWith(contentType, result.Context.Response.ContentType);
        using var copy = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static List<Dictionary<string, string>> ReadCsv(byte[] body)
    {
        using var csv = CsvReader.Create(body);
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read()) rows.Add(csv.Headers.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => csv.GetString(x.i)));
        return rows;
    }

    private static List<IDictionary<string, object>> ReadXlsx(byte[] body)
    {
        using var stream = new MemoryStream(body);
        return [.. MiniExcel.Query(stream, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object>>()];
    }

    /// <summary>The numbers the JSON search lists for the same query, in its order.</summary>
    private async Task<string[]> SearchedAsync(string query, string token)
    {
        var page = await zone.Get($"/api/requests?pageSize=200&{query}", token).Json();
        return [.. page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("number").GetString()!)];
    }

    [Fact]
    public async Task a_contacts_csv_holds_only_their_enterprises_requests()
    {
        var body = await DownloadAsync("/api/exports/requests", zone.KeyContactToken, "text/csv");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, body[..3]);
        var rows = ReadCsv(body);
        Assert.Equal(new[] { zone.R1, zone.R3, zone.R4, zone.R5, zone.R7, zone.R9 }.Select(r => r.Number).Order(), rows.Select(r => r[Number]).Order());
        Assert.All(rows, r => Assert.Equal((zone.KeyEnterprise.ToString(), "Key Enterprise Co."), (r["企业编号 Enterprise id"], r["企业 Enterprise"])));
        Assert.Equal(await SearchedAsync("", zone.KeyContactToken), rows.Select(r => r[Number]));
        // Asking for another enterprise's requests finds none of them, as the JSON search does; the files keep their headers.
        var others = $"/api/exports/requests?enterpriseId={zone.OtherEnterprise}";
        var csv = await DownloadAsync(others, zone.KeyContactToken, "text/csv");
        Assert.Empty(ReadCsv(csv));
        Assert.StartsWith("\uFEFF诉求编号 Request number,提交时间 Filed,", System.Text.Encoding.UTF8.GetString(csv));
        using var xlsx = new MemoryStream(await DownloadAsync($"{others}&format=xlsx", zone.KeyContactToken, "application/vnd.openxmlformats"));
        var only = (IDictionary<string, object>)Assert.Single(MiniExcel.Query(xlsx, useHeaderRow: false, excelType: ExcelType.XLSX));
        Assert.Equal(19, only.Count);   // the header row alone
        Assert.Equal(("诉求编号 Request number", "办结时间 Closed"), ((string)only["A"], (string)only["S"]));
    }

    [Fact]
    public async Task the_xlsx_has_the_searchs_rows_in_its_order_with_what_each_request_stands_at()
    {
        var query = $"enterpriseId={zone.OtherEnterprise}";
        var rows = ReadXlsx(await DownloadAsync($"/api/exports/requests?{query}&format=xlsx", zone.SupervisorToken,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        Assert.Equal(await SearchedAsync(query, zone.SupervisorToken), rows.Select(r => (string)r[Number]));
        Assert.Equal([zone.R2.Number, zone.R6.Number, zone.R8.Number], rows.Select(r => (string)r[Number]).Order());
        var r8 = rows.Single(r => (string)r[Number] == zone.R8.Number);
        Assert.Equal(("Dispatched", true, false, "Economic Development Bureau", "Other Enterprise Co.", "Request R8"),
            ((string)r8["状态 Status"], (bool)r8["答复超时 Answer overdue"], (bool)r8["分解推送超时 Dispatch overdue"], (string)r8["承办单位 Assignees"],
             (string)r8["企业 Enterprise"], (string)r8["标题 Title"]));
        var r2 = rows.Single(r => (string)r[Number] == zone.R2.Number);
        Assert.Equal(("Closed", true, true, "Market Supervision Bureau", 2d),
            ((string)r2["状态 Status"], (bool)r2["答复超时 Answer overdue"], (bool)r2["分解推送超时 Dispatch overdue"], (string)r2["承办单位 Assignees"],
             Convert.ToDouble(r2["满意度 Satisfaction"], CultureInfo.InvariantCulture)));
        Assert.EndsWith("+08:00", (string)r2["提交时间 Filed"]);
    }

    [Fact]
    public async Task staff_export_what_their_department_was_given_and_filters_apply()
    {
        var rows = ReadCsv(await DownloadAsync("/api/exports/requests", zone.EconomicToken, "text/csv"));
        Assert.Equal([zone.R1.Number, zone.R3.Number, zone.R5.Number, zone.R8.Number], rows.Select(r => r[Number]).Order());
        Assert.Equal(await SearchedAsync("", zone.EconomicToken), rows.Select(r => r[Number]));
        var overdue = ReadCsv(await DownloadAsync("/api/exports/requests?overdue=true", zone.EconomicToken, "text/csv"));
        Assert.Equal([zone.R8.Number], overdue.Select(r => r[Number]));
    }

    [Fact]
    public async Task an_export_as_of_an_instant_is_the_history_search_whole()
    {
        var before = zone.R9.FiledAt.AddMinutes(-1).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var rows = ReadCsv(await DownloadAsync($"/api/exports/requests?asOf={before}", zone.SupervisorToken, "text/csv"));
        Assert.Equal(8, rows.Count);
        Assert.DoesNotContain(zone.R9.Number, rows.Select(r => r[Number]));
        Assert.Equal(await SearchedAsync($"asOf={before}", zone.SupervisorToken), rows.Select(r => r[Number]));
    }

    [Fact]
    public async Task a_search_bigger_than_the_cap_is_refused_naming_the_filter_to_narrow()
    {
        var problem = await zone.Get("/api/exports/requests", zone.SupervisorToken, 400).Json();
        Assert.Contains("finds 9 requests; an export holds at most 8", problem.ErrorsFor("filedFrom").Single());
        var xlsx = await zone.Get("/api/exports/requests?format=xlsx", zone.SupervisorToken, 400).Json();
        xlsx.ErrorsFor("filedFrom");
        // Narrowed, the same search exports.
        Assert.Equal(3, ReadCsv(await DownloadAsync($"/api/exports/requests?status=Closed", zone.SupervisorToken, "text/csv")).Count);
    }

    [Fact]
    public async Task bad_filters_and_unknown_formats_are_400_problems_naming_the_field()
    {
        (await zone.Get("/api/exports/requests?status=Lost", zone.SupervisorToken, 400).Json()).ErrorsFor("status");
        (await zone.Get("/api/exports/requests?filedFrom=yesterday", zone.SupervisorToken, 400).Json()).ErrorsFor("filedFrom");
        (await zone.Get($"/api/exports/requests?q={new string('x', 201)}", zone.SupervisorToken, 400).Json()).ErrorsFor("q");
        (await zone.Get("/api/exports/requests?asOf=2030-13-01", zone.SupervisorToken, 400).Json()).ErrorsFor("asOf");
        (await zone.Get("/api/exports/requests?format=pdf", zone.SupervisorToken, 400).Json()).ErrorsFor("format");
        await zone.Get("/api/exports/requests", null, 401);
    }
}
