using Ferry.Server.Configuration;
using Ferry.Server.Hosting;

// Ferry's durable service: an ASP.NET Core app hosting an Orleans silo. Configuration keys: docs/configuration.md.
// The content root is the app's folder, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
LocalSettings.AddTo(builder.Configuration, Directory.GetCurrentDirectory()); // local.settings.json, below the environment

builder.AddFerryStorage();   // ConnectionStrings:Storage, containers, grain state
builder.AddFerryOrleans();   // the silo: localhost or a Redis cluster (before the services that call grains)
builder.AddFerryOkta();      // Okta:* and the org's rate-limit budget grains
builder.AddFerryJobs();      // inbox watcher, resume service, job catalog
builder.AddFerryApi();       // function-key auth, OpenAPI

var app = builder.Build();
app.MapFerry();              // /api/migrations, /api/events/blob-created, /api/diagnostics, /openapi/v1.json
app.Run();
