using Ferry.Core.Okta;
using Ferry.Core.RateLimiting;
using Ferry.Server.Api;
using Ferry.Server.Budget;
using Ferry.Server.Inbox;
using Ferry.Server.Jobs;
using Ferry.Server.Slices;
using Ferry.Server.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace Ferry.Server.Hosting;

/// <summary>The server's parts, registered and mapped; <c>Program.cs</c> reads as the list of them.</summary>
public static partial class FerryServerSetup
{
    /// <summary><c>ConnectionStrings:Storage</c> and the container names, validated at start.</summary>
    public static WebApplicationBuilder AddFerryStorage(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<StorageOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.ConnectionString = configuration.GetConnectionString("Storage") is { Length: > 0 } cs ? cs : StorageOptions.DevelopmentStorage;
                options.InboxContainer = configuration["Ferry:Inbox:Container"] ?? options.InboxContainer;
                options.ReportsContainer = configuration["Ferry:Reports:Container"] ?? options.ReportsContainer;
                options.StateContainer = configuration["Ferry:State:Container"] ?? options.StateContainer;
            })
            .Validate(o => new[] { o.InboxContainer, o.ReportsContainer, o.StateContainer }.All(IsContainerName), "Ferry:Inbox:Container, Ferry:Reports:Container and Ferry:State:Container must be valid container names (3-63 lowercase letters, digits and dashes).")
            .Validate(o => new[] { o.InboxContainer, o.ReportsContainer, o.StateContainer }.Distinct().Count() == 3, "The inbox, reports and state containers must differ.")
            .ValidateOnStart();
        builder.Services.AddSingleton<FerryBlobStorage>();
        builder.Services.AddHostedService<StorageInitializer>();
        return builder;
    }

    /// <summary>The Okta client (<c>Okta:*</c>, <c>Ferry:Budget:*</c>) drawing on the org's budget grains.</summary>
    public static WebApplicationBuilder AddFerryOkta(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IRateLimitBudget, GrainRateLimitBudget>();
        builder.Services.AddOkta();
        return builder;
    }

    /// <summary>Jobs: the inbox watcher, the resume service, the catalog, input and outcome blobs.</summary>
    public static WebApplicationBuilder AddFerryJobs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.ResumeInterval > TimeSpan.Zero && o.ResumeInterval <= TimeSpan.FromSeconds(45), "Ferry:Jobs:ResumeInterval must be between 0 and 45 seconds (unfinished jobs resume within 60 s).")
            .Validate(o => o.BatchRows <= o.SliceRows, "Ferry:Jobs:BatchRows must not exceed Ferry:Jobs:SliceRows.")
            .ValidateOnStart();
        builder.Services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.SectionName)
            .Validate(o => o.PollInterval >= TimeSpan.FromMilliseconds(100), "Ferry:Inbox:PollInterval must be at least 100 ms.")
            .ValidateOnStart();
        builder.Services.AddSingleton<InputBlobs>();
        builder.Services.AddSingleton<OutcomeStore>();
        builder.Services.AddSingleton<JobCatalog>();
        builder.Services.AddSingleton<JobStarter>();
        builder.Services.AddHostedService<InboxWatcher>();
        builder.Services.AddHostedService<JobResumer>();
        return builder;
    }

    /// <summary>The silo: localhost by default, a Redis cluster with <c>Orleans:Clustering=Redis</c>; grain state in Blob Storage.</summary>
    public static WebApplicationBuilder AddFerryOrleans(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(OrleansHostOptions.SectionName).Get<OrleansHostOptions>() ?? new OrleansHostOptions();
        var redis = builder.Configuration.GetConnectionString("Redis");
        if (options.IsRedis && string.IsNullOrWhiteSpace(redis))
        {
            throw new OptionsValidationException(OrleansHostOptions.SectionName, typeof(OrleansHostOptions), ["Orleans:Clustering=Redis needs ConnectionStrings:Redis (e.g. 127.0.0.1:6379)."]);
        }

        if (!options.IsRedis && !string.Equals(options.Clustering, "Localhost", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(OrleansHostOptions.SectionName, typeof(OrleansHostOptions), [$"Orleans:Clustering must be Localhost or Redis, not '{options.Clustering}'."]);
        }

        // Orleans reads the "Orleans" section itself and would take Ferry's "Orleans:Clustering=Redis" for its own
        // provider section: hide that one value from it (Ferry configures clustering in code, below).
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{OrleansHostOptions.SectionName}:Clustering"] = null });
        builder.UseOrleans(silo =>
        {
            if (options.IsRedis)
            {
                silo.UseRedisClustering(redis!);
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = options.ClusterId;
                    o.ServiceId = options.ServiceId;
                });
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = System.Net.IPAddress.Loopback;
                    o.SiloPort = options.SiloPort;
                    o.GatewayPort = options.GatewayPort;
                });
                // Notice a lost node in seconds, not minutes: its jobs resume on the others.
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(2);
                    o.NumMissedProbesLimit = 2;
                    o.NumVotesForDeathDeclaration = 1;
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
                });
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, options.ServiceId, options.ClusterId);
            }

            silo.Services.AddGrainStorage(FerryStorageNames.Default, (provider, _) => ActivatorUtilities.CreateInstance<BlobGrainStorage>(provider));
            // Domain types (Ferry.Core has no Orleans attributes) and the plan cross grain calls as JSON.
            silo.Services.AddSerializer(serializer => serializer.AddJsonSerializer(
                isSupported: type => type.Namespace?.StartsWith("Ferry.Core", StringComparison.Ordinal) == true || type == typeof(PlanState),
                jsonSerializerOptions: BlobGrainStorage.Json));
        });
        return builder;
    }

    /// <summary>Function-key style authentication (<c>Ferry:Api:*</c>) and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddFerryApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName)
            .Validate<IConfiguration>((o, configuration) => o.AllowAnonymous || o.EffectiveKeys(configuration).Count > 0, "Set Ferry:Api:Keys (one or more keys), or Ferry:Api:AllowAnonymous=true for a local demo.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<ApiKeyFilter>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<GrainUnavailableHandler>();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    public static WebApplication MapFerry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.MapOpenApi();
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        app.MapMigrations();
        app.MapEventGrid();
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

    private static bool IsContainerName(string name) =>
        name.Length is >= 3 and <= 63 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !name.StartsWith('-') && !name.EndsWith('-') && !name.Contains("--", StringComparison.Ordinal);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Ferry:Api:AllowAnonymous is true: the management API accepts requests without a key. Use this for a local demo only.")]
    private static partial void LogAnonymous(ILogger logger);
}
