using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Ferry.Server.Tests;

/// <summary>
/// The self-host's OpenTelemetry export for a real job: Ferry.Server sends OTLP over HTTP (protobuf) to a small
/// receiver in the test, which keeps the bodies; the span and metric names are UTF-8 strings inside them.
/// </summary>
[Collection("stack")]
public sealed class TelemetryTests(FerryStack stack)
{
    [Fact]
    public async Task AJob_ExportsOktaAndBatchSpans_AndRowMetrics_OverOtlp_WithoutRowData()
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

        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (!(receiver.Contains("/v1/traces", "okta.request") && receiver.Contains("/v1/traces", "ferry.batch") && receiver.Contains("/v1/metrics", "ferry.rows")))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"OTLP received: {string.Join(", ", receiver.Paths())}\n{server.ReadLogs()}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, TestContext.Current.CancellationToken);
        }

        Assert.True(receiver.Contains("/v1/traces", id), "the job's spans carry its id");
        Assert.True(receiver.Contains("/v1/metrics", "ferry.calls"));
        Assert.False(receiver.ContainsAnywhere(prefix), "a login or email of the CSV was exported");
        Assert.False(receiver.ContainsAnywhere("@example.com"), "an email was exported");
    }

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
