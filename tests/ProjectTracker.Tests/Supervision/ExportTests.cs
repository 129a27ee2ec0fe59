using CsvHelper;
using MiniExcelLibs;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Supervision;

/// <summary>The exports read back with the libraries that wrote them: the same numbers as the JSON cards.</summary>
public class ExportTests(ScoredZone zone) : IClassFixture<ScoredZone>
{
    private async Task<(byte[] Body, string ContentType)> DownloadAsync(string url, string token)
    {
        var result = await zone.Get(url, token);
        var body = result.Context.Response.Body;
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        return (copy.ToArray(), result.Context.Response.ContentType!);
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

    [Fact]
    public async Task scorecards_export_as_csv_with_a_byte_order_mark_and_chinese_and_english_headers()
    {
        var (body, type) = await DownloadAsync("/api/exports/scorecards?unit=department&period=2030-03", zone.SupervisorToken);
        Assert.StartsWith("text/csv", type);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, body[..3]);
        var rows = ReadCsv(body);
        Assert.Equal(3, rows.Count);
        var market = rows.Single(r => r["单位编号 Unit id"] == zone.MarketBureau.ToString());
        Assert.Equal(("Market Supervision Bureau", "2", "2", "0", "0.5", "76", "80", "2"),
            (market["单位 Unit"], market["收到诉求 Received"], market["超时答复 Answered late"], market["按时答复率 Answer on-time rate"],
             market["按时分解推送率 Dispatch on-time rate"], market["答复用时中位数(工作小时) Median working hours to answer"],
             market["答复用时90分位(工作小时) 90th percentile working hours to answer"], market["督查件 Escalations"]));
    }

    [Fact]
    public async Task scorecards_export_as_xlsx_with_the_same_numbers()
    {
        var (body, type) = await DownloadAsync("/api/exports/scorecards?unit=zone&period=2030-03&format=xlsx", zone.SupervisorToken);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", type);
        var zoneRow = ReadXlsx(body).Single();
        Assert.Equal(9d, Convert.ToDouble(zoneRow["收到诉求 Received"]));
        Assert.Equal(0.5714, Convert.ToDouble(zoneRow["按时答复率 Answer on-time rate"]));
        Assert.Equal(3.67, Convert.ToDouble(zoneRow["满意度均值 Mean satisfaction"]));
        Assert.Equal(1d, Convert.ToDouble(zoneRow["当前超时 Open overdue now"]));
        Assert.Equal("2030-03-01", zoneRow["起始日期 From"]);
    }

    [Fact]
    public async Task the_ranking_exports_in_rank_order_with_its_formula()
    {
        var rows = ReadCsv((await DownloadAsync("/api/exports/rankings?period=2030-03", zone.SupervisorToken)).Body);
        Assert.Equal([("1", "Economic Development Bureau", "0.7875"), ("2", "Market Supervision Bureau", "0.175")],
            rows.Where(r => r["名次 Rank"] != "").Select(r => (r["名次 Rank"], r["单位 Unit"], r["得分 Score"])));
        Assert.Contains(rows, r => r["单位 Unit"] == "公式 Formula" && r["说明 Explanation"].StartsWith("score = (0.6 × on-time answer rate"));
        var xlsx = ReadXlsx((await DownloadAsync("/api/exports/rankings?period=2030-03&format=xlsx", zone.SupervisorToken)).Body);
        Assert.Equal("Economic Development Bureau", xlsx[0]["单位 Unit"]);
    }

    [Fact]
    public async Task the_escalation_queue_exports_with_its_filters()
    {
        var all = ReadXlsx((await DownloadAsync("/api/exports/escalations?format=xlsx", zone.SupervisorToken)).Body);
        Assert.Equal(4, all.Count);
        var market = ReadCsv((await DownloadAsync($"/api/exports/escalations?departmentId={zone.MarketBureau}", zone.SupervisorToken)).Body);
        Assert.Equal([zone.R2.Number, zone.R4.Number], market.Select(r => r["诉求编号 Request number"]).Order());
        Assert.All(market, r => Assert.Equal("Accountability", r["级别 Level"]));
    }

    [Fact]
    public async Task exports_follow_the_access_rules_of_the_json_reads()
    {
        var mine = ReadCsv((await DownloadAsync("/api/exports/scorecards?unit=department&period=2030-03", zone.EconomicToken)).Body);
        Assert.Equal([zone.EconomicBureau.ToString()], mine.Select(r => r["单位编号 Unit id"]));
        await zone.Get("/api/exports/scorecards?unit=department", zone.KeyContactToken, 403);
        await zone.Get("/api/exports/scorecards?unit=zone", zone.EconomicToken, 403);
        await zone.Get("/api/exports/rankings", zone.LeadToken, 403);
        await zone.Get("/api/exports/escalations", zone.EconomicToken, 403);
        (await zone.Get("/api/exports/scorecards?format=pdf", zone.SupervisorToken, 400).Json()).ErrorsFor("format");
        (await zone.Get("/api/exports/rankings?period=March", zone.SupervisorToken, 400).Json()).ErrorsFor("period");
    }
}
