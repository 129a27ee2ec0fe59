using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Operations;

/// <summary>
/// Outside Development the service refuses unsafe settings and a database without its schema: one
/// log line naming what is missing, exit 78, no stack trace, nothing created (Operations/ProductionMode).
/// Development's behaviour (the schema made on start-up) is what every other test class runs on.
/// </summary>
public class ProductionModeTests
{
    private static string OneLine(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{output}");
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Exception", output);
        return lines[0];
    }

    [Fact]
    public async Task without_a_database_and_a_way_to_check_tokens_it_says_both_in_one_line_and_exits_78()
    {
        var (exit, output) = await ServiceProcess.RunAsync(ServiceProcess.Production(null, ("Auth__SigningKey", null)));
        Assert.Equal(78, exit);
        var line = OneLine(output);
        Assert.Contains("\"LogLevel\":\"Critical\"", line);   // the production log format: one JSON object
        Assert.Contains("ConnectionStrings__Marten", line);
        Assert.Contains("Auth__Authority", line);
        Assert.Contains("Auth__SigningKey", line);
    }

    [Theory]
    [InlineData("DEVELOPMENT-ONLY-signing-key-not-a-secret-change-me-0123456789", "development key")]
    [InlineData("short-key", "shorter than 32 bytes")]
    public async Task it_refuses_the_development_key_and_a_short_one(string key, string said)
    {
        var (exit, output) = await ServiceProcess.RunAsync(ServiceProcess.Production("Host=127.0.0.1;Database=unused", ("Auth__SigningKey", key)));
        Assert.Equal(78, exit);
        Assert.Contains(said, OneLine(output));
    }

    [Fact]
    public async Task it_never_serves_on_a_database_without_its_schema_and_creates_nothing_there()
    {
        var db = await TestDatabase.CreateAsync();
        try
        {
            await using var service = ServiceProcess.Serve(ServiceProcess.Production(db));
            Assert.Equal(78, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            var line = OneLine(service.Output);
            Assert.Contains("db-apply", line);
            Assert.Equal("", await Schema.DescribeAsync(db));
        }
        finally { await TestDatabase.DropAsync(db); }
    }

    [Fact]
    public async Task a_table_of_this_version_missing_is_named_and_the_service_does_not_serve()
    {
        var db = await TestDatabase.CreateAsync();
        try
        {
            var (applied, output) = await ServiceProcess.RunAsync(ServiceProcess.Production(db), "db-apply");
            Assert.True(applied == 0, output);
            await using (var conn = new Npgsql.NpgsqlConnection(db))
            {
                await conn.OpenAsync();
                await using var drop = new Npgsql.NpgsqlCommand("drop table projecttracker.mt_doc_escalation", conn);
                await drop.ExecuteNonQueryAsync();
            }
            await using var service = ServiceProcess.Serve(ServiceProcess.Production(db));
            Assert.Equal(78, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            var line = OneLine(service.Output);
            Assert.Contains("projecttracker.mt_doc_escalation", line);
            Assert.Contains("db-apply", line);
        }
        finally { await TestDatabase.DropAsync(db); }
    }

    [Fact]
    public async Task a_database_that_does_not_answer_is_one_line_and_exit_69_so_systemd_tries_again()
    {
        await using var service = ServiceProcess.Serve(ServiceProcess.Production("Host=127.0.0.1;Port=1;Database=none;Timeout=3"));
        Assert.Equal(69, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("the database does not answer", OneLine(service.Output));
    }
}
