namespace ProjectTracker.WebConsole;

/// <summary>A select of the directory's units (Pages/Shared/_UnitSelect): <paramref name="LeaveOut"/> are not offered.</summary>
public sealed record UnitSelect(ConsolePage Page, string Id, IReadOnlyList<UnitOption> Units, IReadOnlyCollection<Guid> LeaveOut);

/// <summary>The decomposition form (Pages/Shared/_DispatchForm): <paramref name="Held"/> already hold an open task; <paramref name="Then"/>: where to go once dispatched.</summary>
public sealed record DispatchForm(ConsolePage Page, Guid RequestId, string ETag, IReadOnlyList<UnitOption> Units, IReadOnlyCollection<Guid> Held, string? Then);
