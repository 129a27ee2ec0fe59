using System.Runtime.CompilerServices;
using CsvHelper;
using MiniExcelLibs;

namespace ProjectTracker.Supervision.Exports;

/// <summary>
/// A sheet written to the response as its rows arrive, for exports too big to hold (the request
/// search): CSV through CsvHelper's asynchronous writer straight to the response, XLSX through
/// MiniExcel's writer over an async row source into a temporary file first (see <see cref="Xlsx"/>). Same headers, cells and CSV injection rule as <see cref="ExportTable"/>.
/// Everything that can refuse (filters, access, the cap) is decided before the first byte: once
/// the file has begun, a failure can only cut it short.
/// </summary>
public static class StreamedExport
{
    public static IResult ToFile(string name, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows, ExportFormat format, string fileName) =>
        format == ExportFormat.Xlsx
            ? Results.Stream(body => Xlsx(body, name, headers, rows), ExportTable.XlsxType, $"{fileName}.xlsx")
            : Results.Stream(body => Csv(body, headers, rows), ExportTable.CsvType, $"{fileName}.csv");

    private static async Task Csv(Stream body, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows)
    {
        var options = new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        await using var csv = CsvWriter.Create(body, options, leaveOpen: true);
        await csv.WriteRecordAsync([.. headers]);
        await foreach (var row in rows) await csv.WriteRecordAsync([.. row.Select(ExportTable.Text)]);
        await csv.FlushAsync();
    }

    /// <summary>
    /// MiniExcel's zip package still writes synchronously (its central directory on dispose), which
    /// Kestrel refuses on a response: the rows stream from the database into a temporary file (deleted
    /// when closed; memory stays flat), which is then copied to the response.
    /// </summary>
    private static async Task Xlsx(Stream body, string name, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows)
    {
        await using var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        // MiniExcel takes the header row from the first record: with none, an empty table carries the headers.
        await using var records = Records(headers, rows).GetAsyncEnumerator();
        object sheet = await records.MoveNextAsync() ? Resumed(records) : ExportTable.EmptySheet(name, headers);
        await file.SaveAsAsync(sheet, sheetName: name, excelType: ExcelType.XLSX);
        file.Position = 0;
        await file.CopyToAsync(body);
    }

    /// <summary>The records from the one already read on.</summary>
    private static async IAsyncEnumerable<Dictionary<string, object?>> Resumed(IAsyncEnumerator<Dictionary<string, object?>> records)
    {
        do yield return records.Current;
        while (await records.MoveNextAsync());
    }

    /// <summary>Rows as ordered dictionaries: MiniExcel takes the keys as the header row, in order.</summary>
    private static async IAsyncEnumerable<Dictionary<string, object?>> Records(IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var row in rows.WithCancellation(ct))
        {
            var record = new Dictionary<string, object?>(headers.Count);
            for (var i = 0; i < headers.Count; i++) record[headers[i]] = ExportTable.XlsxCell(row[i]);
            yield return record;
        }
    }
}
