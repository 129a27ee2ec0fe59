using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProjectTracker.Tests.Fixtures;

/// <summary>Every log entry the service writes, so tests can say what is (not) logged and at what level.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, string Text);

    private readonly ConcurrentQueue<Entry> _entries = new();

    /// <summary>Where the log stands now; <see cref="Since"/> gives what came after.</summary>
    public int Mark => _entries.Count;

    public IReadOnlyList<Entry> Since(int mark) => _entries.Skip(mark).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) entries.Enqueue(new Entry(category, logLevel, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
        }
    }
}
