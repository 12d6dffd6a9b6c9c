using Ferry.Server.Configuration;
using Ferry.Server.Dashboard;
using Ferry.Server.ForwardedHeaders;
using Ferry.Server.Hosting;
using Ferry.Server.Telemetry;

// Ferry's self-host: ASP.NET Core and a Durable Task worker on the Azure Storage provider, running the same
// orchestration classes as the Function App. Configuration keys: docs/configuration.md.
// The content root is the app's folder, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
LocalSettings.AddTo(builder.Configuration, Directory.GetCurrentDirectory()); // local.settings.json, below the environment

builder.AddFerryStorage();        // AzureWebJobsStorage, the inbox, reports and state containers
builder.AddFerryOrchestration();  // Okta:*, Ferry:Budget:*, Ferry:Jobs:* for the orchestration classes
builder.AddFerryDurableTask();    // the task hub (Ferry:Durable:*): the worker running them, the client managing them
builder.AddFerryJobs();           // the inbox watcher and the management services
builder.AddFerryApi();            // keys (Ferry:Api:*): header only, 32+ characters, webhook keys, wrong keys limited; OpenAPI
builder.AddFerryForwardedHeaders(); // X-Forwarded-For/-Proto believed from Ferry:ForwardedHeaders:* only (a TLS proxy)
builder.AddDashboard();           // the dashboard's sign-in cookie (the same keys) and report reading
builder.AddFerryTelemetry();      // OpenTelemetry over OTLP when Ferry:Telemetry:* or OTEL_EXPORTER_OTLP_ENDPOINT asks (docs/telemetry.md)

var app = builder.Build();
app.UseFerryForwardedHeaders();   // first: the client's address and scheme as the trusted proxy says
app.MapFerry();                   // /api/migrations, /api/events/blob-created, /api/diagnostics, /openapi/v1.json
app.MapDashboard();               // /dashboard: jobs, a job's progress, rate limits, failed rows, reports (self-host only)
try
{
    app.Run();
}
catch (Exception e) when (ConfigurationErrors.Of(e) is { } message)
{
    // A bad setting: one line naming the key (never its value), and sysexits' EX_CONFIG, rather than a stack trace.
    Console.Error.WriteLine($"Ferry cannot start: {message}");
    return ConfigurationErrors.ExitCode;
}

return 0;
