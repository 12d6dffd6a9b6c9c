using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// Registers and maps the Auth0 Management API look-alike beside the Okta one: <c>/oauth/token</c>, <c>/api/v2</c>,
/// <c>/sandbox/auth0</c>, and the optional HTTPS listener Auth0's SDK needs (it only speaks <c>https://</c>).
/// </summary>
public static partial class Auth0Application
{
    public const string SectionName = SandboxOptions.SectionName + ":Auth0";

    public static WebApplicationBuilder AddAuth0(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<SandboxOptions>, Auth0OptionsValidator>();
        builder.Services.AddSingleton<Auth0Tenant>();
        builder.Services.AddSingleton<Auth0Tokens>();
        builder.Services.AddSingleton<Auth0Traffic>();
        builder.Services.AddSingleton<Auth0RateLimiter>();
        AddHttpsListener(builder);
        return builder;
    }

    public static WebApplication MapAuth0(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<Auth0TrafficMiddleware>();
        app.MapAuth0Token();
        app.MapAuth0Connections();
        app.MapAuth0Jobs();
        app.MapAuth0Users();
        app.MapAuth0Inspection();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceStart(app));
        return app;
    }

    /// <summary>
    /// With <c>Sandbox:Auth0:HttpsPort</c> set, adds <c>https://127.0.0.1:&lt;port&gt;</c> to the addresses already
    /// configured (plain HTTP keeps serving both APIs) with a certificate made now and written as PEM.
    /// </summary>
    private static void AddHttpsListener(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SectionName);
        var port = section.GetValue<int>(nameof(Auth0Options.HttpsPort));
        if (port <= 0)
        {
            return;
        }

        var path = section[nameof(Auth0Options.CertificatePath)] is { Length: > 0 } configured ? configured : Auth0Certificate.DefaultPath(port);
        var certificate = Auth0Certificate.Create(TimeProvider.System.GetUtcNow());
        Auth0Certificate.WritePem(certificate, path);
        builder.Services.PostConfigure<SandboxOptions>(o => o.Auth0.CertificatePath = path);

        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        var http = string.IsNullOrWhiteSpace(urls) ? "http://localhost:5000" : urls;
        builder.WebHost.UseUrls($"{http};https://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
    }

    private static void AnnounceStart(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.Auth0;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ferry.Sandbox.Auth0");
        var credentials = options.ClientId == Auth0Options.DevelopmentClientId && options.ClientSecret == Auth0Options.DevelopmentClientSecret
            ? $"client id {Auth0Options.DevelopmentClientId}, client secret {Auth0Options.DevelopmentClientSecret} (the development credentials)"
            : "the configured Sandbox:Auth0:ClientId and ClientSecret";
        LogStarted(logger, credentials, options.ConnectionName, options.ConnectionId);
        if (options.HttpsPort > 0)
        {
            LogHttps(logger, options.HttpsPort, options.CertificatePath);
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Auth0 sandbox: POST /oauth/token with {Credentials}; connection {ConnectionName} ({ConnectionId})")]
    private static partial void LogStarted(ILogger logger, string credentials, string connectionName, string connectionId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Auth0 sandbox HTTPS on https://127.0.0.1:{Port}; its self-signed certificate (PEM, for NODE_EXTRA_CA_CERTS) is {CertificatePath}")]
    private static partial void LogHttps(ILogger logger, int port, string certificatePath);
}
