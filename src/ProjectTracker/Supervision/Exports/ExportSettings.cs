namespace ProjectTracker.Supervision.Exports;

/// <summary>Configuration section Supervision:Exports.</summary>
public sealed class ExportSettings
{
    public const string Section = "Supervision:Exports";

    /// <summary>
    /// The most requests one search export holds: about six months of a busy zone (~8,000 a month).
    /// A bigger result is refused (400 naming filedFrom) rather than cut, so a file is never silently partial.
    /// </summary>
    public int MaxRequests { get; set; } = 50_000;
}
