using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using DurableTask.AzureStorage;

namespace Ferry.Server.Durable;

/// <summary>
/// Works around a DurableTask.AzureStorage (2.11.2) failure seen when storage goes away in the middle of an activity:
/// the provider keeps each running activity's session in memory until its message is deleted or abandoned, and when
/// both of those requests fail (storage down, then the message's pop receipt gone stale), the session is never
/// removed. Every later delivery of that message is then refused as "being processed multiple times concurrently",
/// so the batch never runs again on this node and its lane waits forever (found by the storage-loss scenario).
/// The provider logs that refusal (event 105, an internal assert) with the message id; this drops the stale session
/// then, so the message's next delivery (after <c>Ferry:Durable:WorkItemQueueVisibilityTimeout</c>) runs the batch,
/// which is idempotent (its stored outcome, or the same rows again). Reflection on the provider's private field:
/// <see cref="IsSupported"/> says whether this provider version has it (a test holds the pinned version to it).
/// </summary>
public sealed partial class StaleActivitySessions(ILogger<StaleActivitySessions> logger)
{
    private static readonly FieldInfo? SessionsField =
        typeof(AzureStorageOrchestrationService).GetField("activeActivitySessions", BindingFlags.Instance | BindingFlags.NonPublic);

    private AzureStorageOrchestrationService? _service;
    private long _evicted;

    /// <summary>Whether the provider keeps its activity sessions where this looks for them.</summary>
    public static bool IsSupported => SessionsField?.FieldType.IsAssignableTo(typeof(IDictionary)) == true;

    /// <summary>Stale sessions dropped so far.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>The provider whose sessions these are (known only once it is built, with the logger that reports to this).</summary>
    public void Attach(AzureStorageOrchestrationService service) => _service = service;

    /// <summary>Drops the session of the message a provider log line (<paramref name="message"/>) says was refused as already in progress.</summary>
    public bool OnProviderLog(string message)
    {
        if (_service is not { } service || !IsSupported || Refused().Match(message) is not { Success: true } match)
        {
            return false;
        }

        var sessions = (IDictionary)SessionsField!.GetValue(service)!;
        var id = match.Groups["id"].Value;
        if (!sessions.Contains(id))
        {
            return false;
        }

        sessions.Remove(id);
        Interlocked.Increment(ref _evicted);
        LogEvicted(logger, id);
        return true;
    }

    /// <summary>
    /// The provider's logger factory, watching what the provider logs for the refusal above (its warnings always reach
    /// this, whatever the app's log levels; what reaches the app's logs is unchanged).
    /// </summary>
    public ILoggerFactory Watch(ILoggerFactory loggers) => new WatchingFactory(loggers, this);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Dropped the Azure Storage provider's stale session of work item {MessageId} (its completion and abandon failed while storage was unreachable): the batch runs again at its next delivery")]
    private static partial void LogEvicted(ILogger logger, string messageId);

    private sealed class WatchingFactory(ILoggerFactory inner, StaleActivitySessions sessions) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return categoryName.StartsWith("DurableTask.AzureStorage", StringComparison.Ordinal) ? new WatchingLogger(logger, sessions) : logger;
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
            // The app's logger factory is the host's to dispose.
        }
    }

    private sealed class WatchingLogger(ILogger inner, StaleActivitySessions sessions) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning || inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (inner.IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }

            if (logLevel >= LogLevel.Warning)
            {
                sessions.OnProviderLog(formatter(state, exception));
            }
        }
    }

    [GeneratedRegex(@"Work item queue message with ID = (?<id>\S+) is being processed multiple times concurrently")]
    private static partial Regex Refused();
}
