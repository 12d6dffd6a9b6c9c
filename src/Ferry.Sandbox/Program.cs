using Ferry.Sandbox;

// An Okta-compatible Management API for local runs, tests and benchmarks.
// Configuration: the `Sandbox:*` keys in docs/sandbox.md (command line, environment, appsettings).
var builder = WebApplication.CreateBuilder(args);
builder.AddSandbox();

var app = builder.Build();
app.MapSandbox();
app.Run();
