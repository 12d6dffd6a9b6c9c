using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Ferry.Server.Tests.Telemetry;

/// <summary>
/// The self-host's OpenTelemetry export for a real job: Ferry.Server sends OTLP over HTTP (protobuf) to a small
/// receiver in the test, which keeps the bodies; the span and metric names are UTF-8 strings inside them.
/// </summary>
[Collection("stack")]
public sealed class TelemetryTests(FerryStack stack)
{
    [Fact]
    public async Task AJob_IsOneTrace_FromItsStartThroughDurableTaskToEachOktaCall_WithRowMetrics_WithoutRowData()
    {
        using var receiver = new OtlpReceiver();
        var settings = FerryServerHost.SettingsForOwnHub(stack.Azurite, stack.Sandbox, "otel");
        settings["Ferry:Telemetry:OtlpEndpoint"] = receiver.BaseAddress.ToString();
        settings["Ferry:Telemetry:OtlpProtocol"] = "HttpProtobuf";
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "500";
        await using var server = await FerryServerHost.StartAsync(settings, "ferry-otel");
        using var client = server.CreateClient();
        var prefix = Jobs.Unique("otel");

        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix, 50)))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, id, logs: server.ReadLogs);

        // Spans arrive in batches, the orchestrations' when they end: wait until a call's whole chain is in.
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        List<OtlpSpan> chain;
        while ((chain = LongestCallChain(receiver.Spans())).LastOrDefault()?.Name != "ferry.job.start" || !receiver.Contains("/v1/metrics", "ferry.rows") || !receiver.Contains("/v1/metrics", "ferry.activity.queue_lag"))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"OTLP received: {string.Join(", ", receiver.Paths())}; longest chain: {Describe(chain)}\n{server.ReadLogs()}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, TestContext.Current.CancellationToken);
        }

        // One trace per job: the call → its batch → Durable Task's activity → the rows lane → the job's orchestration → the job's start.
        Assert.Equal("okta.request", chain[0].Name);
        Assert.Equal("users", chain[0].Attribute("ferry.okta.bucket"));
        Assert.Equal("200", chain[0].Attribute("http.response.status_code"));
        Assert.Equal("ferry.batch", chain[1].Name);
        Assert.Equal("rows", chain[1].Attribute("ferry.phase"));
        Assert.NotNull(chain[1].Attribute("ferry.slice"));
        Assert.Contains(chain, s => s.Name == "activity:RunBatch");
        Assert.Contains(chain, s => s.Name == "orchestration:RowsLane");
        Assert.Contains(chain, s => s.Name == "orchestration:Migration");
        Assert.All(chain, s => Assert.Equal(chain[0].TraceId, s.TraceId));
        var spans = receiver.Spans();
        var trace = chain[^1].TraceId;
        Assert.Equal(id, chain[^1].Attribute("ferry.job.id"));
        Assert.All(spans.Where(s => s.Attribute("ferry.job.id") == id && s.Name != "ferry.job.start"), s => Assert.Equal(trace, s.TraceId));
        Assert.Contains(spans, s => s.Name == "ferry.plan" && s.TraceId == trace);
        Assert.Contains(spans, s => s.Name == "ferry.report" && s.TraceId == trace);

        Assert.True(receiver.Contains("/v1/metrics", "ferry.calls"));
        Assert.False(receiver.ContainsAnywhere(prefix), "a login or email of the CSV was exported");
        Assert.False(receiver.ContainsAnywhere("@example.com"), "an email was exported");
    }

    /// <summary>The longest chain from an <c>okta.request</c> span up through its parents, as far as they have arrived.</summary>
    private static List<OtlpSpan> LongestCallChain(List<OtlpSpan> spans)
    {
        var byId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var longest = new List<OtlpSpan>();
        foreach (var call in spans.Where(s => s.Name == "okta.request"))
        {
            var chain = new List<OtlpSpan> { call };
            while (chain[^1].ParentSpanId is { } parent && byId.TryGetValue(parent, out var up) && chain.Count < 50)
            {
                chain.Add(up);
            }

            if (chain.Count > longest.Count)
            {
                longest = chain;
            }
        }

        return longest;
    }

    private static string Describe(List<OtlpSpan> chain) => string.Join(" <- ", chain.Select(s => s.Name));

    /// <summary>Accepts OTLP/HTTP POSTs on 127.0.0.1 and keeps their bodies by path.</summary>
    private sealed class OtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        public OtlpReceiver()
        {
            var port = FreePorts.Next();
            BaseAddress = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(BaseAddress.ToString());
            _listener.Start();
            _ = Task.Run(ReceiveAsync);
        }

        public Uri BaseAddress { get; }

        public bool Contains(string path, string text) =>
            _received.Any(r => r.Path == path && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));

        public bool ContainsAnywhere(string text) =>
            _received.Any(r => Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.OrdinalIgnoreCase));

        public List<OtlpSpan> Spans() => [.. _received.Where(r => r.Path == "/v1/traces").SelectMany(r => OtlpSpan.Read(r.Body))];

        public IEnumerable<string> Paths() => _received.Select(r => r.Path).Distinct();

        public void Dispose() => _listener.Close();

        private async Task ReceiveAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
