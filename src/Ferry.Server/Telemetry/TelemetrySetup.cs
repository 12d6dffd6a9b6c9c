using Ferry.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace Ferry.Server.Telemetry;

/// <summary>The self-host's OpenTelemetry: Ferry's spans and metrics, Durable Task's spans, and the logs, over OTLP.</summary>
public static class TelemetrySetup
{
    /// <summary>Durable Task's own spans (orchestrations, activities): Ferry's activity spans are their children.</summary>
    private static readonly string[] DurableTaskSources = ["DurableTask.Core", "Microsoft.DurableTask"];

    /// <summary>
    /// OpenTelemetry over OTLP when <c>Ferry:Telemetry:Enabled</c>, <c>Ferry:Telemetry:OtlpEndpoint</c> or
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> says so; otherwise nothing is registered, nothing listens and Ferry's spans
    /// are never created.
    /// </summary>
    public static WebApplicationBuilder AddFerryTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);
        var standardEndpoint = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var endpoint = options.OtlpEndpoint is { IsAbsoluteUri: true } set ? set : null; // "" binds to an empty relative URI
        if (!options.Enabled && endpoint is null && !standardEndpoint)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "ferry", serviceInstanceId: Environment.MachineName))
            .WithTracing(tracing => tracing.AddSource(FerryTelemetry.Name).AddSource(DurableTaskSources))
            .WithMetrics(metrics => metrics.AddMeter(FerryTelemetry.Name))
            .WithLogging();
        if (endpoint is not null)
        {
            telemetry.UseOtlpExporter(options.OtlpProtocol, endpoint);
        }
        else
        {
            telemetry.UseOtlpExporter(); // OTEL_EXPORTER_OTLP_* as the SDK reads them
        }

        return builder;
    }
}
