using Ferry.Sandbox.Auth0;
using Ferry.Sandbox.Directory;
using Ferry.Sandbox.Faults;
using Ferry.Sandbox.Groups;
using Ferry.Sandbox.Inspection;
using Ferry.Sandbox.OAuth;
using Ferry.Sandbox.Okta;
using Ferry.Sandbox.RateLimits;
using Ferry.Sandbox.Traffic;
using Ferry.Sandbox.Users;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ferry.Sandbox;

/// <summary>Registers and maps the sandbox (the Okta org and the Auth0 tenant); <c>Program.cs</c> and the tests build the same app from these.</summary>
public static partial class SandboxApplication
{
    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.RateLimit.Window > TimeSpan.Zero, "Sandbox:RateLimit:Window must be positive.")
            .Validate(
                o => o.RateLimit.Limits.Keys.All(k => RateLimitCatalog.All.Any(b => string.Equals(b.Name, k, StringComparison.OrdinalIgnoreCase))),
                $"Sandbox:RateLimit:Limits names an unknown bucket; the buckets are: {string.Join(", ", RateLimitCatalog.All.Select(b => b.Name))}.")
            .Validate(o => o.RateLimit.Limits.Values.All(v => v > 0), "Sandbox:RateLimit:Limits values must be positive.")
            .Validate(
                o => o.Faults.ServerErrorRate + o.Faults.ResetRate + o.Faults.ThrottleRate <= 1.0,
                "Sandbox:Faults:ServerErrorRate + ResetRate + ThrottleRate must not exceed 1.")
            .Validate(o => o.Latency.Mean >= TimeSpan.Zero && o.Latency.Jitter >= TimeSpan.Zero, "Sandbox:Latency values must not be negative.")
            .Validate(o => o.OAuth.TokenLifetime > TimeSpan.Zero && o.OAuth.MaxAssertionLifetime > TimeSpan.Zero && o.OAuth.NonceLifetime > TimeSpan.Zero, "Sandbox:OAuth:TokenLifetime, MaxAssertionLifetime and NonceLifetime must be positive.")
            .Validate(
                o => o.OAuth.Apps.Values.All(a => PublicKeys.TryRead(a.PublicKey) is not null),
                "Sandbox:OAuth:Apps:{clientId}:PublicKey must be a PEM or JWK key for every app.")
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OrgDirectory>();
        builder.Services.AddSingleton<RateLimiter>();
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<TrafficStats>();
        builder.Services.AddSingleton<OAuthServer>();
        builder.AddAuth0();
        return builder;
    }

    public static WebApplication MapSandbox(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<OktaTrafficMiddleware>();
        app.Use(OktaShapedStatusCodes);
        app.MapUsers();
        app.MapGroups();
        app.MapInspection();
        app.MapOAuthToken(); // service apps' access tokens (private_key_jwt, DPoP): its own path, outside /api/v1's limits

        // Auth0's Management API beside Okta's: its own paths (/oauth/token, /api/v2, /sandbox/auth0), state and limits.
        app.MapAuth0();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceStart(app));
        return app;
    }

    /// <summary>Routing's own 404 (no such endpoint) and 405 (wrong method) carry no body; Okta's carry its error JSON.</summary>
    private static async Task OktaShapedStatusCodes(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (context.Response.HasStarted || !context.Request.Path.StartsWithSegments("/api/v1", StringComparison.Ordinal))
        {
            return;
        }

        if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            await OktaErrorResult.WriteAsync(context.Response, OktaErrors.MethodNotAllowed);
        }
        else if (context.Response.StatusCode == StatusCodes.Status404NotFound && context.GetEndpoint() is null)
        {
            await OktaErrorResult.WriteAsync(context.Response, OktaErrors.NotFound(context.Request.Path.Value ?? string.Empty, "Endpoint"));
        }
    }

    private static void AnnounceStart(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ferry.Sandbox");
        var token = options.ApiToken == SandboxOptions.DevelopmentApiToken
            ? $"SSWS {SandboxOptions.DevelopmentApiToken} (the development token)"
            : "the configured Sandbox:ApiToken";
        LogStarted(logger, string.Join(", ", addresses), token);
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Okta sandbox listening on {Addresses}; API token: {Token}")]
    private static partial void LogStarted(ILogger logger, string addresses, string token);
}
