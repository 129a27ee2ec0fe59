namespace ProjectTracker.Tests.Operations;

/// <summary>
/// Production loads Wolverine's handler and endpoint code pre-generated (TypeLoadMode.Static,
/// src/ProjectTracker/Internal/Generated): the committed code must be what `codegen write` writes
/// for today's handlers, or production would run yesterday's. Regenerate with deploy/codegen.sh.
/// </summary>
public class GeneratedCodeIsCurrentTests
{
    [Fact]
    public async Task the_committed_generated_code_is_what_codegen_write_writes_today()
    {
        var committed = Path.Combine(RepositoryRoot(), "src", "ProjectTracker", "Internal", "Generated");
        var written = System.IO.Directory.CreateTempSubdirectory("pt-codegen-").FullName;
        try
        {
            // No database needed: a connection string that goes nowhere proves it.
            var (exit, output) = await ServiceProcess.RunAsync(new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ConnectionStrings__Marten"] = "Host=127.0.0.1;Port=1;Database=unused",
                ["Auth__SigningKey"] = ServiceProcess.ProductionKey,
            }, "codegen", "write", "--contentroot", written);
            Assert.True(exit == 0, output);

            var fresh = Files(Path.Combine(written, "Internal", "Generated"));
            var ours = Files(committed);
            Assert.NotEmpty(fresh);
            var stale = fresh.Keys.Union(ours.Keys)
                .Where(f => !fresh.TryGetValue(f, out var a) || !ours.TryGetValue(f, out var b) || a != b)
                .Order().ToList();
            Assert.True(stale.Count == 0,
                $"The committed generated code is stale ({stale.Count} files differ, e.g. {string.Join(", ", stale.Take(5))}): run deploy/codegen.sh and commit.");
        }
        finally { System.IO.Directory.Delete(written, recursive: true); }
    }

    private static Dictionary<string, string> Files(string folder) =>
        System.IO.Directory.Exists(folder)
            ? System.IO.Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f), f => File.ReadAllText(f).ReplaceLineEndings("\n"))
            : [];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ProjectTracker.sln"))) return dir.FullName;
        throw new InvalidOperationException("ProjectTracker.sln not found above " + AppContext.BaseDirectory);
    }
}
