using JasperFx;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// Enterprises' text stays out of the logs, and refusals are not errors. Wolverine logs a failed
/// command invocation as "Invocation of {Message} failed!" at error, printing the whole command
/// (titles, descriptions, replies). Here that entry names the command's type only, and a refusal
/// the caller gets as a 4xx (ApiProblem, a lost concurrency check) goes to information without its
/// stack. Setting Logging:IncludeEnterpriseText to true leaves the entries as they are, for debugging.
/// </summary>
public static class LogPrivacy
{
    private const string InvocationFailed = "Invocation of {Message} failed!";

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
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values
                || !values.Any(v => v is { Key: "{OriginalFormat}", Value: InvocationFailed }))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            var command = values.FirstOrDefault(v => v.Key == "Message").Value?.GetType().Name;
            if (exception is ApiProblem problem)
                inner.LogInformation(eventId, "{Command} refused: {Status} {Title}", command, problem.Status, problem.Title);
            else if (exception is ConcurrencyException)
                inner.LogInformation(eventId, "{Command} lost a concurrency check", command);
            else
                inner.Log(logLevel, eventId, exception, "Invocation of {Command} failed", command);
        }
    }
}
