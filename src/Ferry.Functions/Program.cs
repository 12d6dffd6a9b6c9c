using Ferry.Functions.Api;
using Ferry.Functions.Telemetry;
using Ferry.Management;
using Ferry.Orchestration;
using Ferry.Storage;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Ferry as an Azure Functions isolated-worker app: the same orchestration classes as the self-host, run by the
// Durable extension (host.json); the management API as HTTP functions; the inbox as an Event Grid blob trigger.
// Configuration keys: docs/configuration.md ("The Function App").
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();          // HTTP functions on ASP.NET Core: HttpRequest in, the handlers' IResult out
builder.UseMiddleware<QueryKeyMiddleware>();         // function keys as the x-functions-key header only: code= is refused

builder.Services.AddFerryStorage();                  // AzureWebJobsStorage (identity-based on Azure), the three containers
builder.Services.AddFerryOrchestration();            // Okta:*, Ferry:Budget:*, Ferry:Jobs:* for the orchestration classes
builder.Services.AddFerryManagementApi();            // the API's JSON and problem details; clients come per call
builder.Services.AddHostedService<StorageInitializer>(); // the containers, created at start if missing
builder.AddFerryTelemetry();                         // App Insights or OTLP when their connection string or endpoint is set (docs/telemetry.md)

var app = builder.Build();
// When the host stops the worker (scale-in, deployment), running batches stop sending and hand back at once.
app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(
    app.Services.GetRequiredService<Ferry.Orchestration.Rows.NodeStopping>().Stop);
app.Run();
