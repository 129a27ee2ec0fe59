using System.Globalization;
using System.Text;
using CsvHelper;
using MiniExcelLibs;

namespace ProjectTracker.Supervision.Exports;

public enum ExportFormat { Csv, Xlsx }

/// <summary>
/// A sheet to hand out: headers in Chinese and English ("收到 Received"), rows of plain values.
/// Written by well-kept libraries (CsvHelper, MiniExcel), never by hand: quoting, line breaks in
/// cells and the XLSX package are theirs to get right.
/// </summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows)
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public IResult ToFile(ExportFormat format, string fileName) => format == ExportFormat.Xlsx
        ? Results.File(Xlsx(), XlsxType, $"{fileName}.xlsx")
        : Results.File(Csv(), CsvType, $"{fileName}.csv");

    /// <summary>UTF-8 with a byte-order mark: Excel in a Chinese locale otherwise reads the file as GBK and garbles it.</summary>
    public byte[] Csv()
    {
        using var buffer = new MemoryStream();
        // A cell starting with = + - @ would run as a formula in a spreadsheet: escaped (OWASP's CSV injection).
        var options = new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            csv.WriteRecord([.. Headers]);
            foreach (var row in Rows) csv.WriteRecord([.. row.Select(Text)]);
        }
        return buffer.ToArray();
    }

    public byte[] Xlsx()
    {
        // Rows as ordered dictionaries: MiniExcel takes the keys as the header row, in order.
        var rows = Rows.Select(row =>
        {
            var record = new Dictionary<string, object?>();
            for (var i = 0; i < Headers.Count; i++) record[Headers[i]] = XlsxCell(row[i]);
            return record;
        }).ToList();
        using var buffer = new MemoryStream();
        buffer.SaveAs(rows.Count > 0 ? rows : EmptySheet(Name, Headers), sheetName: Name, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }

    /// <summary>No rows, the headers still: MiniExcel reads the header row off the first record, or a table's columns.</summary>
    internal static System.Data.DataTable EmptySheet(string name, IReadOnlyList<string> headers)
    {
        var table = new System.Data.DataTable(name);
        foreach (var header in headers) table.Columns.Add(header);
        return table;
    }

    /// <summary>Numbers stay numbers in a sheet; times, dates and enums are written as the CSV writes them.</summary>
    internal static object? XlsxCell(object? value) => value is DateTimeOffset or DateOnly or Enum or Guid ? Text(value) : value;

    internal static string Text(object? value) => value switch
    {
        null => "",
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double x => x.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
