using DurableTask.AzureStorage;
using Ferry.Management;
using Ferry.Management.Api;
using Ferry.Orchestration;
using Ferry.Server.Api;
using Ferry.Server.Dashboard;
using Ferry.Server.Durable;
using Ferry.Server.Inbox;
using Ferry.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Hosting;

/// <summary>The self-host's parts, registered and mapped; <c>Program.cs</c> reads as the list of them.</summary>
public static partial class FerryServerSetup
{
    /// <summary><c>AzureWebJobsStorage</c> and the containers, validated at start, created if missing.</summary>
    public static WebApplicationBuilder AddFerryStorage(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddFerryStorage();
        builder.Services.AddHostedService<StorageInitializer>();
        return builder;
    }

    /// <summary>The orchestration classes' services: the Okta client (<c>Okta:*</c>, <c>Ferry:Budget:*</c>), <c>Ferry:Jobs:*</c>.</summary>
    public static WebApplicationBuilder AddFerryOrchestration(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddFerryOrchestration();
        return builder;
    }

    /// <summary>
    /// The Durable Task worker on the Azure Storage provider (<c>Ferry:Durable:*</c>) running Ferry's orchestration
    /// classes, and the Durable Task client the management API uses.
    /// </summary>
    public static WebApplicationBuilder AddFerryDurableTask(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DurableOptions>().BindConfiguration(DurableOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.LeaseRenewInterval < o.LeaseInterval, "Ferry:Durable:LeaseRenewInterval must be shorter than Ferry:Durable:LeaseInterval.")
            .Validate(o => o.MaxQueuePollingInterval >= TimeSpan.FromMilliseconds(100), "Ferry:Durable:MaxQueuePollingInterval must be at least 100 ms.")
            .Validate(o => o.ControlQueueVisibilityTimeout >= TimeSpan.FromSeconds(10) && o.WorkItemQueueVisibilityTimeout >= TimeSpan.FromSeconds(10), "Ferry:Durable visibility timeouts must be at least 10 s.")
            .ValidateOnStart();
        builder.Services.AddSingleton(provider => TaskHubService.Create(
            provider.GetRequiredService<IOptions<DurableOptions>>().Value,
            provider.GetRequiredService<FerryStorage>(),
            provider.GetRequiredService<IConfiguration>(),
            provider.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<DurableTaskClient>(provider => new TaskHubClient(
            "ferry",
            provider.GetRequiredService<AzureStorageOrchestrationService>(),
            DurableData.Converter,
            provider.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<DurableTaskHost>();
        // The node's own bounds apply (Ferry:Durable:ShutdownTimeout + ForcedShutdownTimeout); the host's is a backstop.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(40));
        return builder;
    }

    /// <summary>Starting jobs: the inbox watcher (<c>Ferry:Inbox:*</c>) and the management services.</summary>
    public static WebApplicationBuilder AddFerryJobs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddFerryManagement();
        builder.Services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.SectionName)
            .Validate(o => o.PollInterval >= TimeSpan.FromMilliseconds(100), "Ferry:Inbox:PollInterval must be at least 100 ms.")
            .ValidateOnStart();
        builder.Services.AddHostedService<InboxWatcher>();
        return builder;
    }

    /// <summary>
    /// Function-key style authentication (<c>Ferry:Api:*</c>: header keys, webhook keys, wrong keys limited per client),
    /// request body limits and the OpenAPI document.
    /// </summary>
    public static WebApplicationBuilder AddFerryApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Keys of 32 characters or more, never the sample's (ApiKeySet): a bad one stops the server, named.
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<KeyFailureLimiter>();
        builder.Services.AddSingleton<ApiKeyFilter>();
        builder.Services.AddSingleton<DashboardSessions>(); // the dashboard's sign-in cookie counts as a key
        // Bodies: 1 MiB unless a handler sets its own bound (RequestBodies: an upload's Ferry:Api:MaxUploadBytes, a JSON
        // start's 64 KB, an Event Grid batch's 1 MiB); a form (the dashboard's sign-in) holds a key, not files.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodies.MaxOtherBytes);
        builder.Services.Configure<FormOptions>(form =>
        {
            form.ValueCountLimit = 16;
            form.ValueLengthLimit = 16 * 1024;
            form.MultipartBodyLengthLimit = 64 * 1024;
        });
        builder.Services.AddExceptionHandler<RequestRejectedHandler>(); // Kestrel's 413 and 400, before the 500/503 below
        builder.Services.AddExceptionHandler<StorageUnavailableHandler>();
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapFerry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.MapOpenApi();
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        app.MapMigrations().AddEndpointFilter<ApiKeyFilter>();
        app.MapEventGrid().WithMetadata(new WebhookEndpoint()).AddEndpointFilter<ApiKeyFilter>();
        app.MapDiagnostics();
        app.Lifetime.ApplicationStarted.Register(() => WarnIfAnonymous(app));
        return app;
    }

    private static void WarnIfAnonymous(WebApplication app)
    {
        if (app.Services.GetRequiredService<ApiKeys>().AllowAnonymous)
        {
            LogAnonymous(app.Logger);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Ferry:Api:AllowAnonymous is true: the management API accepts requests without a key. Use this for a local demo only.")]
    private static partial void LogAnonymous(ILogger logger);
}
