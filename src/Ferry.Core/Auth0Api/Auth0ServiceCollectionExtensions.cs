using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ferry.Core.Auth0Api;

public static class Auth0ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Auth0 Management API client: <c>Auth0:*</c> options (checked at start when a domain is set), the
    /// token cache and the HttpClient (no default logging: URLs carry emails; redirects are not followed).
    /// </summary>
    public static IServiceCollection AddAuth0(this IServiceCollection services)
    {
        services.AddOptions<Auth0Options>()
            .BindConfiguration(Auth0Options.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !o.IsConfigured || o.BaseUrl is not null, "Auth0:Domain must be a tenant domain or an https URL (http is allowed only for loopback addresses).")
            .Validate(o => !o.IsConfigured || (!string.IsNullOrWhiteSpace(o.ClientId) && !string.IsNullOrWhiteSpace(o.ClientSecret)), "Auth0:ClientId and Auth0:ClientSecret are required when Auth0:Domain is set.")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero, "Auth0:AttemptTimeout must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Auth0TokenProvider>();
        services.TryAddSingleton<Auth0Client>();
        services.AddHttpClient(Auth0Client.HttpClientName, http =>
            {
                http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
                http.DefaultRequestHeaders.UserAgent.ParseAdd("Ferry/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.All,
                AllowAutoRedirect = false, // the secret and the token go to Auth0:Domain only: a 3xx is a failure
            })
            .RemoveAllLoggers();
        return services;
    }
}
