using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Operations;

/// <summary>
/// The schema through the Critter Stack's own command line, as an operator runs it in production
/// (README, Run in production): db-patch writes the SQL to review, db-apply applies it, db-assert
/// checks it, a second db-apply changes nothing, and the service then serves on it without
/// changing it.
/// </summary>
public class SchemaMigrationTests
{
    [Fact]
    public async Task db_apply_builds_the_schema_on_an_empty_database_db_assert_agrees_and_a_second_apply_changes_nothing()
    {
        var db = await TestDatabase.CreateAsync();
        try
        {
            var production = ServiceProcess.Production(db);

            var (assertExit, _) = await ServiceProcess.RunAsync(production, "db-assert");
            Assert.NotEqual(0, assertExit);

            var (applyExit, applyOutput) = await ServiceProcess.RunAsync(production, "db-apply");
            Assert.True(applyExit == 0, applyOutput);
            Assert.Contains("0 unchanged, 2 migrated, 0 failed", applyOutput);
            var applied = await Schema.DescribeAsync(db);
            Assert.Contains("projecttracker.mt_events", applied);
            Assert.Contains("wolverine.wolverine_incoming_envelopes", applied);

            (assertExit, var assertOutput) = await ServiceProcess.RunAsync(production, "db-assert");
            Assert.True(assertExit == 0, assertOutput);

            (applyExit, applyOutput) = await ServiceProcess.RunAsync(production, "db-apply");
            Assert.True(applyExit == 0, applyOutput);
            Assert.Contains("2 unchanged, 0 migrated, 0 failed", applyOutput);
            Assert.Equal(applied, await Schema.DescribeAsync(db));

            // The service serves on it, and leaves it as it found it.
            await using var service = ServiceProcess.Serve(production);
            using var http = new HttpClient();
            await service.WaitReadyAsync(http, TimeSpan.FromSeconds(60));
            Assert.Equal(applied, await Schema.DescribeAsync(db));
            service.Terminate();
            Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        finally { await TestDatabase.DropAsync(db); }
    }

    [Fact]
    public async Task db_patch_writes_the_sql_to_review_and_that_sql_applied_by_hand_is_the_schema()
    {
        var db = await TestDatabase.CreateAsync();
        var folder = System.IO.Directory.CreateTempSubdirectory("pt-patch-").FullName;
        try
        {
            var production = ServiceProcess.Production(db);
            // One file per store: Marten's (events, documents) and Wolverine's (envelopes), as the README says.
            foreach (var (file, store) in new[] { ("marten.sql", "marten://store/"), ("wolverine.sql", "wolverine://messages/main") })
            {
                var (exit, output) = await ServiceProcess.RunAsync(production, "db-patch", Path.Combine(folder, file), "-d", store);
                Assert.True(exit == 0, output);
            }
            Assert.Equal("", await Schema.DescribeAsync(db));   // writing the patch changes nothing

            await using (var conn = new Npgsql.NpgsqlConnection(db))
            {
                await conn.OpenAsync();
                foreach (var file in new[] { "marten.sql", "wolverine.sql" })
                {
                    await using var cmd = new Npgsql.NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(folder, file)), conn);
                    await cmd.ExecuteNonQueryAsync();
                }
            }
            var (assertExit, assertOutput) = await ServiceProcess.RunAsync(production, "db-assert");
            Assert.True(assertExit == 0, assertOutput);

            // Nothing left to patch: no file.
            var again = Path.Combine(folder, "again.sql");
            var (patchExit, patchOutput) = await ServiceProcess.RunAsync(production, "db-patch", again, "-d", "marten://store/");
            Assert.True(patchExit == 0, patchOutput);
            Assert.False(File.Exists(again), patchOutput);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
            await TestDatabase.DropAsync(db);
        }
    }
}
