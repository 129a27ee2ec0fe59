using System.Runtime.CompilerServices;
using CsvHelper;
using MiniExcelLibs;

namespace ProjectTracker.Supervision.Exports;

/// <summary>
/// A sheet written to the response as its rows arrive, for exports too big to hold (the request
/// search): CSV through CsvHelper's asynchronous writer, XLSX through MiniExcel's asynchronous
/// writer over an async row source. Same headers, cells and CSV injection rule as <see cref="ExportTable"/>.
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

    private static Task Xlsx(Stream body, string name, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows) =>
        body.SaveAsAsync(Records(headers, rows), sheetName: name, excelType: ExcelType.XLSX);

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
