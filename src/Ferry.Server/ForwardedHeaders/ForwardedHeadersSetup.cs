using Microsoft.Extensions.Options;

namespace Ferry.Server.ForwardedHeaders;

/// <summary>
/// Behind a TLS proxy, the client's address and scheme come from the proxy's <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> — believed only from the proxies <c>Ferry:ForwardedHeaders:*</c> names (ASP.NET Core's own
/// loopback defaults are dropped). Then the dashboard's cookie is Secure, the key-failure limit counts per client rather
/// than per proxy, and the payload's URIs say https. <c>X-Forwarded-Host</c> is not used: the Host header stands.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static WebApplicationBuilder AddFerryForwardedHeaders(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyValidator>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var trusted = TrustedProxies.Read(configuration);
            options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in trusted.Networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    /// <summary>Applies the trusted proxies' headers first, before anything reads the client's address or scheme.</summary>
    public static WebApplication UseFerryForwardedHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (TrustedProxies.Read(app.Configuration).Any)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
