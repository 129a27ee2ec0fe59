using JasperFx;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// Enterprises' text stays out of the logs, and refusals are not errors. Wolverine logs a failed
/// command invocation as "Invocation of {Message} failed!" at error, printing the whole command
/// (titles, descriptions, replies). Here that entry names the command's type only, and a refusal
/// the caller gets as a 4xx (ApiProblem, a lost concurrency check) goes to information without its
/// stack. Marten logs a failed statement at error with its SQL and parameters (documents and
/// events, so enterprises' text): here without them, and a lost race for a stream version (the
/// loser's 412, or its handler deciding again) at information. Setting Logging:IncludeEnterpriseText to true leaves the entries as they are, for debugging.
/// </summary>
public static class LogPrivacy
{
    private const string InvocationFailed = "Invocation of {Message} failed!";
    private const string MartenFailed = "Marten encountered an exception";

    public static void AddLogPrivacy(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>("Logging:IncludeEnterpriseText")) return;
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new Factory(ActivatorUtilities.CreateInstance<LoggerFactory>(sp))));
    }

    private sealed class Factory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new Redacting(inner.CreateLogger(categoryName));
        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);
        public void Dispose() => inner.Dispose();
    }

    private sealed class Redacting(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var format = values?.FirstOrDefault(v => v.Key == "{OriginalFormat}").Value as string;
            if (format?.StartsWith(MartenFailed, StringComparison.Ordinal) == true)
            {
                if (LostVersionRace(exception))
                    inner.LogInformation(eventId, "An append lost the race for a stream version; its command decides again or is refused (412/409)");
                else
                    inner.Log(logLevel, eventId, exception, "Marten could not execute a statement (its SQL and parameters left out: they may hold enterprise text)");
                return;
            }
            if (format != InvocationFailed)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            var command = values!.FirstOrDefault(v => v.Key == "Message").Value?.GetType().Name;
            if (exception is Refusal refusal && ApiErrors.StatusOf(refusal.Kind) is var (status, title))
                inner.LogInformation(eventId, "{Command} refused: {Status} {Title}", command, status, title);
            else if (exception is ApiProblem problem)
                inner.LogInformation(eventId, "{Command} refused: {Status} {Title}", command, problem.Status, problem.Title);
            else if (exception is ConcurrencyException)
                inner.LogInformation(eventId, "{Command} lost a concurrency check", command);
            else
                inner.Log(logLevel, eventId, exception, "Invocation of {Command} failed", command);
        }

        /// <summary>
        /// Two appends to one stream held the same version: the unique key on (stream, version)
        /// refused the second, or Marten's quick append found the stream moved on (MT003).
        /// </summary>
        private static bool LostVersionRace(Exception? e)
        {
            for (; e is not null; e = e.InnerException)
                if (e is ConcurrencyException or Npgsql.PostgresException { SqlState: "23505", ConstraintName: "pk_mt_events_stream_and_version" }
                    or Npgsql.PostgresException { SqlState: "MT003" })
                    return true;
            return false;
        }
    }
}
