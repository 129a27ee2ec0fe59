using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;
using ProjectTracker.Projects;
using ProjectTracker.Projects.Reading;

namespace ProjectTracker.WebConsole;

/// <summary>
/// The console's charts, drawn as SVG on the server (no charting library, nothing to load). Only
/// attributes, no style attribute (the pages' CSP allows none); every text is encoded; the SVG
/// scales to its box (viewBox), so it fits a phone's width.
/// </summary>
public static class Charts
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private static string E(string? text) => Html.Encode(text ?? "");
    private static string N(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);

    public sealed record RatePoint(string Label, double? Value);
    public sealed record StackPart(long Value, string Color);
    public sealed record StackRow(string Label, IReadOnlyList<StackPart> Parts);
    public sealed record Legend(string Name, string Color);

    /// <summary>Vertical bars, one per point (a rate in 0..1, null: nothing judged, "—"), each with its percentage.</summary>
    public static IHtmlContent Rates(string id, string title, IReadOnlyList<RatePoint> points)
    {
        const double W = 600, H = 240, top = 30, bottom = 40, left = 40;
        var slot = (W - left - 10) / Math.Max(points.Count, 1);
        var plot = H - top - bottom;
        var svg = new StringBuilder($"<svg id=\"{E(id)}\" class=\"chart\" viewBox=\"0 0 {N(W)} {N(H)}\" role=\"img\" aria-label=\"{E(title)}\"><title>{E(title)}</title>");
        foreach (var pct in new[] { 0, 0.5, 1 })
        {
            var y = top + plot * (1 - pct);
            svg.Append($"<line x1=\"{N(left)}\" x2=\"{N(W - 10)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"#ccc\"/>")
                .Append($"<text x=\"{N(left - 6)}\" y=\"{N(y + 4)}\" text-anchor=\"end\" font-size=\"11\">{N(pct * 100)}%</text>");
        }
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            double x = left + i * slot + slot * 0.2, w = slot * 0.6, h = p.Value is { } v ? plot * v : 0;
            var value = p.Value?.ToString(CultureInfo.InvariantCulture) ?? "";
            svg.Append($"<rect x=\"{N(x)}\" y=\"{N(top + plot - h)}\" width=\"{N(w)}\" height=\"{N(h)}\" fill=\"{(p.Value < 0.9 ? "#b86e00" : "#2a7")}\" class=\"bar\" data-label=\"{E(p.Label)}\" data-value=\"{value}\"/>")
                .Append($"<text x=\"{N(x + w / 2)}\" y=\"{N(top + plot - h - 6)}\" text-anchor=\"middle\" font-size=\"12\">{(p.Value is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—")}</text>")
                .Append($"<text x=\"{N(x + w / 2)}\" y=\"{N(H - bottom + 18)}\" text-anchor=\"middle\" font-size=\"12\">{E(p.Label)}</text>");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    /// <summary>Horizontal stacked bars, one per row, the total at the end (text.total, data-unit: the row's whole label).</summary>
    public static IHtmlContent Stacked(string id, string title, IReadOnlyList<StackRow> rows, IReadOnlyList<Legend> legend, string empty)
    {
        const double W = 600, line = 26, top = 28, labelW = 220, right = 40;
        var H = top + Math.Max(rows.Count, 1) * line + 10;
        var max = Math.Max(1, rows.Select(r => r.Parts.Sum(p => p.Value)).DefaultIfEmpty(0).Max());
        var svg = new StringBuilder($"<svg id=\"{E(id)}\" class=\"chart\" viewBox=\"0 0 {N(W)} {N(H)}\" role=\"img\" aria-label=\"{E(title)}\"><title>{E(title)}</title>");
        var lx = labelW;
        foreach (var l in legend)
        {
            svg.Append($"<rect x=\"{N(lx)}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{l.Color}\"/><text x=\"{N(lx + 16)}\" y=\"16\" font-size=\"12\">{E(l.Name)}</text>");
            lx += 130;
        }
        if (rows.Count == 0) svg.Append($"<text x=\"10\" y=\"{N(top + 16)}\" font-size=\"12\">{E(empty)}</text>");
        for (var i = 0; i < rows.Count; i++)
        {
            var (r, y) = (rows[i], top + i * line);
            var name = r.Label.Length > 18 ? r.Label[..17] + "…" : r.Label;
            svg.Append($"<text x=\"{N(labelW - 8)}\" y=\"{N(y + 16)}\" text-anchor=\"end\" font-size=\"12\">{E(name)}</text>");
            var x = labelW;
            foreach (var p in r.Parts)
            {
                var w = (W - labelW - right) * p.Value / max;
                if (w > 0) svg.Append($"<rect x=\"{N(x)}\" y=\"{N(y + 4)}\" width=\"{N(w)}\" height=\"16\" fill=\"{p.Color}\"/>");
                x += w;
            }
            svg.Append($"<text x=\"{N(x + 4)}\" y=\"{N(y + 16)}\" font-size=\"12\" class=\"total\" data-unit=\"{E(r.Label)}\">{r.Parts.Sum(p => p.Value)}</text>");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    /// <summary>The days a page of projects' bars span (every plan, first plan and achievement, a little room at both ends); null: nothing planned.</summary>
    public static (double From, double To)? Axis(IEnumerable<ProjectDetails> projects)
    {
        var days = projects.SelectMany(p => p.Milestones).SelectMany(m => new[] { m.OriginalPlanned, m.Planned, m.Actual })
            .OfType<DateOnly>().Select(d => (double)d.DayNumber).ToList();
        if (days.Count == 0) return null;
        var (lo, hi) = (days.Min(), days.Max());
        var pad = Math.Max(7, (hi - lo) * 0.05);
        return (lo - pad, hi + pad);
    }

    /// <summary>
    /// A project's milestones on the page's axis: plans on the upper lane (diamonds; late ones red),
    /// achievements on the lower (dots), each joined to its plan (green on or ahead of plan); month ticks below.
    /// </summary>
    public static IHtmlContent Timeline(ProjectDetails d, (double From, double To) range, Func<string, string> t)
    {
        const double W = 800, left = 70, right = 20, H = 96, planY = 30, actY = 62;
        double X(DateOnly day) => left + (W - left - right) * (day.DayNumber - range.From) / (range.To - range.From);
        var svg = new StringBuilder($"<svg class=\"chart timeline\" viewBox=\"0 0 {N(W)} {N(H)}\" role=\"img\" aria-label=\"{E($"{d.Name}: {t("planned")} / {t("actual")}")}\">")
            .Append($"<text x=\"4\" y=\"{N(planY + 4)}\" font-size=\"13\">{E(t("planned"))}</text><text x=\"4\" y=\"{N(actY + 4)}\" font-size=\"13\">{E(t("actual"))}</text>");
        var first = DateOnly.FromDayNumber((int)Math.Ceiling(range.From));
        for (var m = new DateOnly(first.Year, first.Month, 1).AddMonths(1); m.DayNumber < range.To; m = m.AddMonths(1))
        {
            var tx = X(m);
            svg.Append($"<line x1=\"{N(tx)}\" x2=\"{N(tx)}\" y1=\"14\" y2=\"{N(H - 16)}\" stroke=\"#eee\"/>")
                .Append($"<text x=\"{N(tx)}\" y=\"{N(H - 3)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#666\">{m:yyyy-MM}</text>");
        }
        var planned = d.Milestones.Where(m => m.Planned is not null).ToList();
        if (planned.Count > 1)
            svg.Append($"<line x1=\"{N(X(planned[0].Planned!.Value))}\" x2=\"{N(X(planned[^1].Planned!.Value))}\" y1=\"{N(planY)}\" y2=\"{N(planY)}\" stroke=\"#bbb\" stroke-width=\"6\"/>");
        for (var i = 0; i < d.Milestones.Count; i++)
        {
            var m = d.Milestones[i];
            var label = t(m.Milestone.ToString());
            var labelY = i % 2 == 0 ? planY - 10 : planY + 20;
            if (m.Planned is { } p && m.Actual is { } a)
                svg.Append($"<line x1=\"{N(X(p))}\" x2=\"{N(X(a))}\" y1=\"{N(planY)}\" y2=\"{N(actY)}\" stroke=\"{((m.DaysAhead ?? 0) >= 0 ? "#2a7" : "#b86e00")}\" stroke-width=\"2\"/>");
            if (m.Planned is { } plan)
            {
                var px = X(plan);
                var (fill, stroke) = m.Late ? ("#b00", "#b00") : ("#fff", "#555");
                svg.Append($"<polygon points=\"{N(px)},{N(planY - 7)} {N(px + 7)},{N(planY)} {N(px)},{N(planY + 7)} {N(px - 7)},{N(planY)}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\" ")
                    .Append($"class=\"{(m.Late ? "planned late" : "planned")}\" data-milestone=\"{m.Milestone}\" data-date=\"{plan:yyyy-MM-dd}\">")
                    .Append($"<title>{E($"{label} · {t("planned")} {plan:yyyy-MM-dd}{(m.Late ? $" · {t("overdueBy")}" : "")}")}</title></polygon>")
                    .Append($"<text x=\"{N(px)}\" y=\"{N(labelY)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{(m.Late ? "#b00" : "#333")}\">{E(label)}</text>");
            }
            if (m.Actual is { } actual)
                svg.Append($"<circle cx=\"{N(X(actual))}\" cy=\"{N(actY)}\" r=\"6\" fill=\"#2a7\" class=\"actual\" data-milestone=\"{m.Milestone}\" data-date=\"{actual:yyyy-MM-dd}\">")
                    .Append($"<title>{E($"{label} · {t("actual")} {actual:yyyy-MM-dd}")}</title></circle>");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    /// <summary>The same facts in words: planned (and the first plan if replanned), achieved, days ahead or behind.</summary>
    public static string Words(MilestoneView m, Func<string, string> t)
    {
        var parts = new List<string> { $"{t(m.Milestone.ToString())}: {(m.Planned is { } p ? $"{t("planned")} {p:yyyy-MM-dd}" : t("notPlanned"))}" };
        if (m.OriginalPlanned is { } o && o != m.Planned) parts.Add($"{t("replanned")} {o:yyyy-MM-dd}");
        if (m.Actual is { } a) parts.Add($"{t("actual")} {a:yyyy-MM-dd}");
        if (m.DaysAhead is { } days and not 0)
            parts.Add(days > 0 ? $"{t("ahead")} {days} {t("daysUnit")}" : $"{t("behind")} {-days} {t("daysUnit")}");
        return string.Join(" · ", parts);
    }
}
