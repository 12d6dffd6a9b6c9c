using OpenTelemetry.Exporter;

namespace Ferry.Server.Telemetry;

/// <summary>
/// OpenTelemetry export (<c>Ferry:Telemetry:*</c>); docs/telemetry.md. Off unless <see cref="Enabled"/>,
/// <see cref="OtlpEndpoint"/> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the other standard
/// <c>OTEL_*</c> variables (headers, protocol, service name) apply as the OpenTelemetry SDK reads them.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Ferry:Telemetry";

    /// <summary>Export traces, metrics and logs over OTLP even without an endpoint set here (the SDK's default, or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
    public bool Enabled { get; set; }

    /// <summary>The OTLP collector's base address (e.g. <c>http://localhost:4317</c>); setting it turns export on.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (default) or <c>HttpProtobuf</c> (then <c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c> are added to the endpoint).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;
}
