using Alba;
using ProjectTracker.Directory;
using ProjectTracker.Directory.Enterprises;
using ProjectTracker.Infrastructure;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Directory;

public class EnterpriseImportTests(ApiWithDirectory api) : IClassFixture<ApiWithDirectory>
{
    private Task<IScenarioResult> Import(string csv, int status, string contentType = "text/csv") =>
        api.Host.Scenario(s =>
        {
            s.Post.Text(csv).ToUrl("/api/enterprises/import");
            s.WithRequestHeader("Content-Type", contentType);
            s.WithBearerToken(api.AdminToken);
            s.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task good_rows_are_imported_in_one_go()
    {
        string a = DirectoryCalls.NextCreditCode(), b = DirectoryCalls.NextCreditCode();
        var csv = $"""
            name,creditCode,isKey,industry,address,secretaryId
            Import One Co.,{a},yes,Machinery,"12 Dongfeng St, Kuiwen",{api.Dispatcher.Id}
            "Import ""Two"" Co.",{b.ToLowerInvariant()},,,,
            """;
        var result = await (await Import(csv, 200)).ReadAsJsonAsync<EnterprisesImported>();
        Assert.Equal(2, result!.Imported);

        var one = await api.Get($"/api/enterprises/{result.EnterpriseIds[0]}", api.AdminToken).Json<Enterprise>();
        Assert.Equal(("Import One Co.", a, true, "12 Dongfeng St, Kuiwen", api.Dispatcher.Id), (one.Name, one.CreditCode, one.IsKey, one.Address, one.SecretaryId));
        var two = await api.Get($"/api/enterprises/{result.EnterpriseIds[1]}", api.AdminToken).Json<Enterprise>();
        Assert.Equal(("Import \"Two\" Co.", b, false, null), (two.Name, two.CreditCode, two.IsKey, two.SecretaryId));
    }

    [Fact]
    public async Task a_bad_row_is_reported_with_its_line_and_nothing_is_imported()
    {
        var before = await api.EventTotal();
        var good = DirectoryCalls.NextCreditCode();
        // The quoted address spans two lines, so the bad row starts on line 4, not line 3.
        var csv = $"""
            name,creditCode,isKey,industry,address,secretaryId
            Fine Co.,{good},false,,"Building 3
            Room 201",
            Broken Co.,91330100799655058A,false,,,
            Also Fine Co.,{DirectoryCalls.NextCreditCode()},perhaps,,,
            Copy Co.,{good},false,,,
            Existing Co.,{api.EnterpriseA.CreditCode},false,,,
            Nobody Co.,{DirectoryCalls.NextCreditCode()},false,,,{api.Worker.Id}
            Typo Co.,{DirectoryCalls.NextCreditCode()},false,,,not-an-id
            """;
        var problem = await Import(csv, 400).Json();
        var rows = problem.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("field").GetString())).ToArray();
        Assert.Equal([(4, "creditCode"), (5, "isKey"), (6, "creditCode"), (7, "creditCode"), (8, "secretaryId"), (9, "secretaryId")], rows);
        Assert.Contains("line 2", problem.GetProperty("rows")[2].GetProperty("message").GetString());
        Assert.Equal(before, await api.EventTotal());
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("name,creditCode\n", "body")]
    [InlineData("name,code\nX,91110000802100433B", "header")]
    [InlineData("name,isKey\nX,true", "header")]
    [InlineData("name,creditCode\n\"X,91110000802100433B", "body")]
    public async Task a_file_that_is_not_an_import_is_400_naming_why(string csv, string field)
    {
        var problem = await Import(csv, 400).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task a_row_with_too_few_fields_names_its_line()
    {
        var problem = await Import($"name,creditCode,isKey\nShort Co.,{DirectoryCalls.NextCreditCode()}", 400).Json();
        Assert.Equal(2, problem.GetProperty("rows")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task more_rows_than_the_cap_are_refused_before_anything_is_checked()
    {
        var csv = "name,creditCode\n" + string.Concat(Enumerable.Range(0, ImportEnterprises.MaxRows + 1).Select(i => $"Co {i},x\n"));
        var problem = await Import(csv, 400).Json();
        Assert.Contains("at most 5000", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task json_is_not_a_csv_file() =>
        await Import("""{"name":"X"}""", 415, "application/json");

    [Fact]
    public void the_csv_reader_keeps_quotes_commas_and_line_breaks()
    {
        var records = Csv.Parse("a,b\r\n\"x, \"\"y\"\"\",\"1\n2\"\r\n\r\nlast,\n");
        Assert.Equal(3, records.Count);
        Assert.Equal(["x, \"y\"", "1\n2"], records[1].Cells);
        Assert.Equal((2, 4), (records[1].Line, records[2].Line - 1));
        Assert.Equal(["last", ""], records[2].Cells);
    }

    [Fact]
    public void broken_quoting_is_refused_naming_the_line()
    {
        var refused = Assert.Throws<Refusal>(() => Csv.Parse("name,creditCode\nGood Co.,x\n\"Open quote Co.,y\n"));
        Assert.Equal(("body", RefusalKind.Invalid), (refused.Field, refused.Kind));
        Assert.Contains("3", refused.Message);
    }
}
