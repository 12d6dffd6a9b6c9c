using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ferry.Core.Telemetry;

/// <summary>
/// Ferry's own traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>, with every span, instrument and tag name as a constant (docs/telemetry.md lists them). Only
/// System.Diagnostics here: the hosts decide whether anything listens (nothing does by default, and then a span is
/// never created and a counter add is a no-op). No tag ever holds a secret or row data (login, email, name, hash):
/// Okta calls are named by bucket, Auth0 calls by endpoint template, rows by outcome and error code.
/// </summary>
public static class FerryTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Ferry";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    /// <summary>Span names.</summary>
    public static class Spans
    {
        /// <summary>One Okta Management API call as Ferry's client makes it (its retries and 429 waits inside).</summary>
        public const string OktaRequest = "okta.request";

        /// <summary>One attempt at an Auth0 Management API call.</summary>
        public const string Auth0Request = "auth0.request";

        /// <summary>A job being started (the root of its trace: its orchestration is the child).</summary>
        public const string JobStart = "ferry.job.start";

        public const string Plan = "ferry.plan";
        public const string Groups = "ferry.groups";
        public const string Batch = "ferry.batch";
        public const string Report = "ferry.report";
        public const string Auth0ChunkPost = "ferry.auth0.chunk.post";
        public const string Auth0ChunkPoll = "ferry.auth0.chunk.poll";
        public const string Auth0ChunkFinish = "ferry.auth0.chunk.finish";
    }

    /// <summary>Instrument names.</summary>
    public static class Instruments
    {
        /// <summary>Row outcomes produced (a row run again by a retry pass counts again).</summary>
        public const string Rows = "ferry.rows";

        /// <summary>HTTP requests sent to Okta or Auth0 (every attempt).</summary>
        public const string Calls = "ferry.calls";

        /// <summary>429 answers from Okta or Auth0.</summary>
        public const string Throttled = "ferry.throttled";

        /// <summary>The last <c>X-Rate-Limit-Limit</c> Okta sent, per bucket.</summary>
        public const string BudgetLimit = "ferry.budget.limit";

        /// <summary>The last <c>X-Rate-Limit-Remaining</c> Okta sent, per bucket.</summary>
        public const string BudgetRemaining = "ferry.budget.remaining";

        /// <summary>Seconds from an orchestration scheduling an activity to a node starting to run it, per activity.</summary>
        public const string ActivityQueueLag = "ferry.activity.queue_lag";
    }

    /// <summary>Tag (attribute) names.</summary>
    public static class Tags
    {
        /// <summary>On every Ferry span: the job whose work it is; find a job's spans with it.</summary>
        public const string JobId = "ferry.job.id";
        public const string Phase = "ferry.phase";
        public const string Slice = "ferry.slice";
        public const string Batch = "ferry.batch";
        public const string Pass = "ferry.pass";
        public const string Rows = "ferry.rows";
        public const string Chunk = "ferry.chunk";
        public const string Target = "ferry.target";
        public const string Provider = "ferry.provider";
        public const string Bucket = "ferry.okta.bucket";
        public const string Endpoint = "ferry.auth0.endpoint";
        public const string Attempts = "ferry.attempts";
        public const string OktaErrorCode = "ferry.okta.error_code";
        public const string Action = "ferry.outcome.action";
        public const string ErrorCode = "ferry.error.code";
        public const string Status = "ferry.status";
        public const string ActivityName = "ferry.activity";
        public const string HttpMethod = "http.request.method";
        public const string HttpStatusCode = "http.response.status_code";
    }

    /// <summary>Values of <see cref="Tags.Provider"/> and <see cref="Tags.Target"/>.</summary>
    public const string Okta = "okta";

    /// <inheritdoc cref="Okta"/>
    public const string Auth0 = "auth0";

    private static readonly Counter<long> RowsCounter = Meter.CreateCounter<long>(Instruments.Rows, "{row}", "Row outcomes produced");
    private static readonly Counter<long> CallsCounter = Meter.CreateCounter<long>(Instruments.Calls, "{request}", "HTTP requests sent to Okta or Auth0");
    private static readonly Counter<long> ThrottledCounter = Meter.CreateCounter<long>(Instruments.Throttled, "{request}", "429 answers from Okta or Auth0");
    private static readonly Histogram<double> QueueLagHistogram = Meter.CreateHistogram<double>(Instruments.ActivityQueueLag, "s", "Time from an orchestration scheduling an activity to a node starting it");
    private static readonly ConcurrentDictionary<string, (int Limit, int Remaining)> LastSeen = new(StringComparer.Ordinal);

    static FerryTelemetry()
    {
        Meter.CreateObservableGauge(Instruments.BudgetLimit, () => Observe(static seen => seen.Limit), "{request}", "Okta's X-Rate-Limit-Limit as last seen, per bucket");
        Meter.CreateObservableGauge(Instruments.BudgetRemaining, () => Observe(static seen => seen.Remaining), "{request}", "Okta's X-Rate-Limit-Remaining as last seen, per bucket");
    }

    /// <summary>
    /// Starts a span of the job <paramref name="jobId"/> (null when nothing listens), as a child of the ambient
    /// activity: Durable Task's own span of the activity execution, whose parents are the orchestrations up to the
    /// job's <see cref="Spans.JobStart"/> span (Durable Task carries the trace context in its messages).
    /// </summary>
    public static Activity? StartJobSpan(string name, string? jobId)
    {
        var span = Source.StartActivity(name, ActivityKind.Internal);
        span?.SetTag(Tags.JobId, jobId);
        return span;
    }

    /// <summary>
    /// Starts the <see cref="Spans.JobStart"/> span of the job <paramref name="jobId"/>: the root of a trace of its own
    /// (a job outlives the request or event that started it by hours), linked to the span that was current, if any.
    /// The ambient span stays replaced for the rest of the calling method: call it from the async method that starts
    /// the job, whose end restores the caller's.
    /// </summary>
    public static Activity? StartJobTrace(string jobId)
    {
        var ambient = Activity.Current;
        Activity.Current = null;
        var links = ambient is null ? null : new[] { new ActivityLink(ambient.Context) };
        var span = Source.StartActivity(Spans.JobStart, ActivityKind.Producer, parentContext: default, links: links);
        span?.SetTag(Tags.JobId, jobId);
        return span;
    }

    /// <summary>Drops a <see cref="Spans.JobStart"/> span that started nothing (the job existed already): it is not exported.</summary>
    public static void NotStarted(Activity? span)
    {
        if (span is not null)
        {
            span.IsAllDataRequested = false; // what the OpenTelemetry SDK looks at when the span ends
            span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    /// <summary>Starts an <see cref="Spans.OktaRequest"/> span for a call to <paramref name="bucket"/>.</summary>
    public static Activity? StartOktaRequest(HttpMethod method, string bucket)
    {
        ArgumentNullException.ThrowIfNull(method);
        var span = StartClientSpan(Spans.OktaRequest);
        span?.SetTag(Tags.Provider, Okta);
        span?.SetTag(Tags.Bucket, bucket);
        span?.SetTag(Tags.HttpMethod, method.Method);
        return span;
    }

    /// <summary>Starts an <see cref="Spans.Auth0Request"/> span for one attempt at <paramref name="endpoint"/> (a template: <c>GET /api/v2/jobs</c>).</summary>
    public static Activity? StartAuth0Request(string endpoint)
    {
        var span = StartClientSpan(Spans.Auth0Request);
        span?.SetTag(Tags.Provider, Auth0);
        span?.SetTag(Tags.Endpoint, endpoint);
        return span;
    }

    /// <summary>Ends a provider call's span: its status code (null: no answer), Okta's error code, the attempts it took.</summary>
    public static void Answered(Activity? span, int? statusCode, string? errorCode = null, int? attempts = null)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(Tags.HttpStatusCode, statusCode);
        span.SetTag(Tags.OktaErrorCode, errorCode);
        span.SetTag(Tags.Attempts, attempts);
        if (statusCode is null or >= 400)
        {
            // A code, never Okta's summary: summaries may quote a login.
            span.SetStatus(ActivityStatusCode.Error, statusCode is { } status ? $"HTTP {status}" : "no answer");
        }
    }

    /// <summary>Records how long an activity (<paramref name="activity"/>: its name) waited between being scheduled and starting.</summary>
    public static void QueueLag(string activity, TimeSpan waited) =>
        QueueLagHistogram.Record(Math.Max(0, waited.TotalSeconds), new KeyValuePair<string, object?>(Tags.ActivityName, activity));

    /// <summary>Counts one request sent; <paramref name="statusCode"/> null when no answer came.</summary>
    public static void CountCall(string provider, string bucket, int? statusCode)
    {
        if (!CallsCounter.Enabled)
        {
            return;
        }

        CallsCounter.Add(1, new TagList
        {
            { Tags.Provider, provider },
            { provider == Okta ? Tags.Bucket : Tags.Endpoint, bucket },
            { Tags.Status, statusCode is { } status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none" },
        });
    }

    public static void CountThrottled(string provider, string bucket) =>
        ThrottledCounter.Add(1, new KeyValuePair<string, object?>(Tags.Provider, provider), new KeyValuePair<string, object?>(provider == Okta ? Tags.Bucket : Tags.Endpoint, bucket));

    /// <summary>Counts one row outcome of a job on <paramref name="target"/>.</summary>
    public static void CountRow(string target, string action, string? errorCode) =>
        RowsCounter.Add(1, new KeyValuePair<string, object?>(Tags.Target, target), new KeyValuePair<string, object?>(Tags.Action, action), new KeyValuePair<string, object?>(Tags.ErrorCode, errorCode ?? string.Empty));

    /// <summary>Keeps what Okta last said of <paramref name="bucket"/>'s limit, for the budget gauges.</summary>
    public static void SawBudget(string bucket, int limit, int remaining) => LastSeen[bucket] = (limit, remaining);

    private static Activity? StartClientSpan(string name)
    {
        var span = Source.StartActivity(name, ActivityKind.Client);
        if (span is not null)
        {
            span.SetTag(Tags.JobId, InheritedJobId(span.Parent));
        }

        return span;
    }

    /// <summary>The job id of the nearest enclosing span that has one: the clients do not know which job calls them.</summary>
    private static object? InheritedJobId(Activity? parent)
    {
        for (var current = parent; current is not null; current = current.Parent)
        {
            if (current.GetTagItem(Tags.JobId) is { } jobId)
            {
                return jobId;
            }
        }

        return null;
    }

    private static IEnumerable<Measurement<int>> Observe(Func<(int Limit, int Remaining), int> pick) =>
        LastSeen.Select(p => new Measurement<int>(pick(p.Value), new KeyValuePair<string, object?>(Tags.Provider, Okta), new KeyValuePair<string, object?>(Tags.Bucket, p.Key)));
}
