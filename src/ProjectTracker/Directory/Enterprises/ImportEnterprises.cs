using CsvHelper;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;
using ProjectTracker.Directory.Staff;
using ProjectTracker.Infrastructure;
using Wolverine;
using Wolverine.Http;

namespace ProjectTracker.Directory.Enterprises;

/// <summary>
/// Bulk registration from a UTF-8 CSV file (header <c>name,creditCode,isKey,industry,address,secretaryId</c>;
/// name and creditCode are required columns, the others optional, in any order).
/// All or nothing: if any row is invalid, nothing is imported and every invalid row is reported
/// with its line number. A corrected file can then simply be sent again; a partial import would
/// make the second attempt collide with the rows that got in the first time.
/// </summary>
public sealed record ImportEnterprises(string[] Columns, IReadOnlyList<ImportRow> Rows, Guid By)
{
    public const int MaxRows = 5_000;
    public static readonly string[] Known = ["name", "creditCode", "isKey", "industry", "address", "secretaryId"];

    /// <summary>The values in one column, from the rows that have the right number of fields.</summary>
    public IEnumerable<string> Column(string name) => Array.IndexOf(Columns, name) is var i and >= 0
        ? Rows.Where(r => r.Cells.Length == Columns.Length).Select(r => r.Cells[i].Trim())
        : [];
}

/// <summary>One data record and the line it starts on (the header is line 1).</summary>
public sealed record ImportRow(int Line, Guid EnterpriseId, string[] Cells);

public sealed record RowProblem(int Line, string Field, string Message);

public sealed record ImportOutcome(EnterpriseRegistered[] Registered, RowProblem[] Rejected);

public sealed record EnterprisesImported(int Imported, Guid[] EnterpriseIds);

public static class ImportEnterprisesHandler
{
    public static async Task<ImportOutcome> Handle(ImportEnterprises cmd, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var codes = cmd.Column("creditCode").Where(c => CreditCode.Problem(c) is null).Select(CreditCode.Normalise).Distinct().ToArray();
        var taken = codes.Length == 0 ? [] : await session.Query<Enterprise>().Where(x => x.CreditCode.IsOneOf(codes)).Select(x => x.CreditCode).ToListAsync(ct);
        var ids = cmd.Column("secretaryId").Select(c => Guid.TryParse(c, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToArray();
        var staff = ids.Length == 0 ? [] : await session.LoadManyAsync<StaffMember>(ct, ids);

        var outcome = Decide(cmd, taken.ToHashSet(), staff.ToDictionary(s => s.Id), clock.GetUtcNow());
        if (outcome.Rejected.Length == 0)
            foreach (var registered in outcome.Registered) session.Events.StartStream<Enterprise>(registered.EnterpriseId, registered);
        return outcome;
    }

    public static ImportOutcome Decide(ImportEnterprises cmd, IReadOnlySet<string> taken, IReadOnlyDictionary<Guid, StaffMember> staff, DateTimeOffset now)
    {
        var registered = new List<EnterpriseRegistered>();
        var rejected = new List<RowProblem>();
        var firstLineOf = new Dictionary<string, int>();
        foreach (var row in cmd.Rows)
        {
            if (row.Cells.Length != cmd.Columns.Length)
            {
                rejected.Add(new(row.Line, "row", $"Expected {cmd.Columns.Length} fields, found {row.Cells.Length}."));
                continue;
            }
            string? Cell(string column) => Array.IndexOf(cmd.Columns, column) is var i and >= 0 ? row.Cells[i].Tidy() : null;

            var isKeyText = Cell("isKey");
            var secretaryText = Cell("secretaryId");
            bool? isKey = isKeyText is null ? false : ParseYesNo(isKeyText);
            Guid? secretaryId = Guid.TryParse(secretaryText, out var sid) ? sid : null;
            var input = new EnterpriseInput(Cell("name"), Cell("creditCode"), isKey ?? false, secretaryId, Cell("industry"), Cell("address"));

            var check = input.Check()
                .When(isKey is null, "isKey", "isKey must be true or false (also yes/no, 1/0, or empty for false).")
                .When(secretaryText is not null && secretaryId is null, "secretaryId", "secretaryId must be a staff member's id or empty.");
            // A CSV file is input like a JSON body: the same text is refused.
            foreach (var (column, cell) in cmd.Columns.Zip(row.Cells)) check.When(!InputText.IsAcceptable(cell), column, InputText.Rule);
            if (check.IsValid)
            {
                var code = CreditCode.Normalise(input.CreditCode!);
                if (firstLineOf.TryGetValue(code, out var first)) check.Add("creditCode", $"Credit code {code} already appears on line {first}.");
                else firstLineOf[code] = row.Line;
                if (taken.Contains(code)) check.Add("creditCode", $"An enterprise with credit code {code} is already registered.");
                if (secretaryId is { } s)
                {
                    if (!staff.TryGetValue(s, out var secretary)) check.Add("secretaryId", $"No staff member {s}.");
                    else if (!secretary.Roles.Contains(Roles.Dispatcher)) check.Add("secretaryId", $"Staff member {s} does not have the dispatcher role.");
                }
            }
            if (!check.IsValid)
            {
                rejected.AddRange(check.Errors.SelectMany(e => e.Value.Select(message => new RowProblem(row.Line, e.Key, message))));
                continue;
            }
            registered.Add(new EnterpriseRegistered(row.EnterpriseId, input.Name!.Trim(), CreditCode.Normalise(input.CreditCode!), input.IsKey ?? false,
                secretaryId, input.Industry.Tidy(), input.Address.Tidy(), cmd.By, now));
        }
        return rejected.Count > 0 ? new ImportOutcome([], [.. rejected]) : new ImportOutcome([.. registered], []);
    }

    private static bool? ParseYesNo(string text) => text.ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "1" => true,
        "false" or "no" or "n" or "0" => false,
        _ => null,
    };
}

public static class ImportEnterprisesEndpoint
{
    // Generous for 5,000 rows of the six columns, small enough that a wrong upload cannot exhaust memory.
    private const int MaxChars = 4_000_000;

    [WolverinePost("/api/enterprises/import", Name = "ImportEnterprises"), Authorize(Roles = DirectoryAccess.Changers), Tags("Directory")]
    [Consumes(typeof(string), "text/csv"), RequestSizeLimit(MaxChars * 4L)]   // UTF-8: up to 4 bytes a character
    [ProducesResponseType<ProblemDetails>(413)]
    public static async Task<Results<Ok<EnterprisesImported>, ProblemHttpResult>> Post(HttpContext http, IMessageBus bus)
    {
        var cmd = await ReadAsync(http);
        var outcome = await bus.InvokeAsync<ImportOutcome>(cmd, http.RequestAborted);
        if (outcome.Rejected.Length == 0)
            return TypedResults.Ok(new EnterprisesImported(outcome.Registered.Length, [.. outcome.Registered.Select(r => r.EnterpriseId)]));

        var lines = outcome.Rejected.Select(r => r.Line).Distinct().Count();
        var problem = new ProblemDetails
        {
            Status = 400, Title = "Invalid rows",
            Detail = $"{lines} of {cmd.Rows.Count} rows are invalid, so nothing was imported. Correct them and send the whole file again.",
            Extensions = { ["rows"] = outcome.Rejected },
        };
        return TypedResults.Problem(problem);
    }

    private static async Task<ImportEnterprises> ReadAsync(HttpContext http)
    {
        var text = await BodyText.ReadAsync(http, MaxChars, "The file");

        var records = Csv.Parse(text);
        if (records.Count == 0) throw Refusal.Invalid("body", "The file is empty; the first line must be the header.");

        var header = records[0].Cells.Select(c => c.Trim()).ToArray();
        var columns = header.Select(h => ImportEnterprises.Known.FirstOrDefault(k => k.Equals(h, StringComparison.OrdinalIgnoreCase))).ToArray();
        var unknown = header.Where((h, i) => columns[i] is null).ToArray();
        if (unknown.Length > 0)
            throw Refusal.Invalid("header", $"Unknown column(s) {string.Join(", ", unknown)}; expected {string.Join(",", ImportEnterprises.Known)}.");
        if (columns.Distinct().Count() != columns.Length) throw Refusal.Invalid("header", "A column appears twice in the header.");
        if (!columns.Contains("name") || !columns.Contains("creditCode"))
            throw Refusal.Invalid("header", "The header must include name and creditCode.");

        var rows = records.Skip(1).Select(r => new ImportRow(r.Line, Guid.CreateVersion7(), r.Cells)).ToArray();
        if (rows.Length == 0) throw Refusal.Invalid("body", "The file has a header but no rows.");
        if (rows.Length > ImportEnterprises.MaxRows)
            throw Refusal.Invalid("body", $"The file has {rows.Length} rows; at most {ImportEnterprises.MaxRows} are imported at once. Split it.");
        return new ImportEnterprises(columns!, rows, http.UserId());
    }
}

/// <summary>
/// RFC 4180 CSV, read by CsvHelper: fields quoted with " when they hold commas, quotes or line
/// breaks. Each record keeps the line it starts on, so errors can point at the line a person sees
/// in their editor. Blank lines are skipped; broken quoting is refused, naming its line.
/// </summary>
public static class Csv
{
    private static readonly CsvReaderOptions Options = new()
    {
        HasHeader = false, TrackLineNumbers = true, SkipEmptyLines = true, MalformedData = CsvMalformedDataHandling.Throw,
    };

    public static List<(int Line, string[] Cells)> Parse(string text)
    {
        var records = new List<(int Line, string[] Cells)>();
        using var reader = CsvReader.Create(new StringReader(text), Options);
        try
        {
            while (reader.Read())
            {
                var cells = reader.Current.ToArray();
                if (cells.Any(c => !string.IsNullOrWhiteSpace(c))) records.Add(((int)reader.LineNumber, cells));
            }
        }
        catch (CsvFormatException e)
        {
            throw Refusal.Invalid("body", $"The quoting is broken: {e.Message}");
        }
        return records;
    }
}
