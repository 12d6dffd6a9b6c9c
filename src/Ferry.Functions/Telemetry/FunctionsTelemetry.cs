using Azure.Monitor.OpenTelemetry.Exporter;
using Ferry.Core.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace Ferry.Functions.Telemetry;

/// <summary>The Function App's OpenTelemetry: Ferry's spans and metrics with the Functions worker's (docs/telemetry.md).</summary>
public static class FunctionsTelemetry
{
    /// <summary>
    /// Exports to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, else over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is; with neither, nothing is registered. The Functions worker's defaults
    /// make each invocation's span the parent of Ferry's activity spans (the host's trace context flows in).
    /// </summary>
    public static FunctionsApplicationBuilder AddFerryTelemetry(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var appInsights = !string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!appInsights && !otlp)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(FerryTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(FerryTelemetry.Name));
        if (appInsights)
        {
            telemetry.UseAzureMonitorExporter();
        }
        else
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
