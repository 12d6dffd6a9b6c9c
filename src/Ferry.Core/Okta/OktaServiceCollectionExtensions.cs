using System.Net;
using Ferry.Core.Okta.OAuth;
using Ferry.Core.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Ferry.Core.Okta;

public static class OktaServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Okta client: <c>Okta:*</c> and <c>Ferry:Budget:*</c> options (validated at start), SSWS or
    /// service-app credentials (<c>Okta:AuthorizationMode</c>),
    /// an in-process rate-limit budget unless one is registered already, and the HttpClient pipeline
    /// retry (transient only, jittered exponential backoff) → circuit breaker → credentials → budget + per-attempt timeout.
    /// </summary>
    public static IServiceCollection AddOkta(this IServiceCollection services)
    {
        services.AddOptions<OktaOptions>()
            .BindConfiguration(OktaOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => OktaOptions.IsAcceptableOrgUrl(o.OrgUrl), "Okta:OrgUrl must be an absolute https URL (http is allowed only for loopback addresses).")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero, "Okta:AttemptTimeout must be positive.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OktaOptions>, OktaOptionsValidator>());
        services.AddOptions<RateLimitBudgetOptions>()
            .BindConfiguration(RateLimitBudgetOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Window > TimeSpan.Zero, "Ferry:Budget:Window must be positive.")
            .Validate(o => o.LeaseTimeout > TimeSpan.Zero, "Ferry:Budget:LeaseTimeout must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IOktaCredentials>(static provider =>
            provider.GetRequiredService<IOptions<OktaOptions>>().Value.EffectiveAuthorizationMode == OktaAuthorizationMode.PrivateKey
                ? provider.GetRequiredService<OktaServiceAppCredentials>()
                : ActivatorUtilities.CreateInstance<SswsCredentials>(provider));
        services.AddOktaServiceApp();
        services.TryAddSingleton<IRateLimitBudget, InProcessRateLimitBudget>();
        services.TryAddSingleton<BudgetAdmission>();
        services.TryAddTransient<OktaAuthenticationHandler>();
        services.TryAddTransient<OktaRateLimitHandler>();
        services.TryAddSingleton<OktaClientFactory>();

        var client = services.AddHttpClient(OktaClientFactory.HttpClientName, (provider, http) =>
            {
                http.BaseAddress = provider.GetRequiredService<IOptions<OktaOptions>>().Value.OrgUrl;
                http.Timeout = Timeout.InfiniteTimeSpan; // the per-attempt timeout is the budget handler's; 429 waits may be long
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
                http.DefaultRequestHeaders.UserAgent.ParseAdd("Ferry/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.All,
                AllowAutoRedirect = false, // the token goes to Okta:OrgUrl only: a 3xx is a failure (OktaClient)
            })
            .RemoveAllLoggers(); // default HttpClient logging would write every URL (logins) at Information
        client.AddResilienceHandler("okta", static (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<OktaOptions>>().Value;
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && IsTransient(args.Outcome)),
                });
                builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = options.BreakDuration,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                });
            });
        client.AddHttpMessageHandler<OktaAuthenticationHandler>()
            .AddHttpMessageHandler<OktaRateLimitHandler>();
        return services;
    }

    /// <summary>
    /// The OAuth 2.0 service app's parts (used in PrivateKey mode): the signing key, the DPoP key pair, the token
    /// provider and its own HttpClient. The token endpoint has its own rate-limit bucket at Okta, so token requests go
    /// through neither the users/groups budget nor the API's retry handler: a failed token request makes the API
    /// request's attempt fail (503, retried by the API pipeline) or stops the job (a refusal).
    /// </summary>
    private static IServiceCollection AddOktaServiceApp(this IServiceCollection services)
    {
        services.TryAddSingleton<DPoPProofs>();
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<OktaOptions>>().Value;
            var time = provider.GetRequiredService<TimeProvider>();
            var key = OktaSigningKey.TryLoad(options, out var error) ?? throw new InvalidOperationException(error);
            if (!string.IsNullOrWhiteSpace(options.KeyId))
            {
                key.Key.KeyId = options.KeyId;
            }

            var endpoint = new Uri(options.OrgUrl!, "/oauth2/v1/token");
            return new OktaTokenProvider(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(OktaTokenProvider.HttpClientName),
                new OktaClientAssertion(key, options.ClientId!, endpoint, time),
                provider.GetRequiredService<DPoPProofs>(),
                string.IsNullOrWhiteSpace(options.Scopes) ? null : OktaScopes.Parse(options.Scopes),
                endpoint,
                options.AttemptTimeout,
                time,
                provider.GetRequiredService<ILoggerFactory>().CreateLogger<OktaTokenProvider>());
        });
        services.TryAddSingleton<OktaServiceAppCredentials>();
        services.AddHttpClient(OktaTokenProvider.HttpClientName, static http =>
            {
                http.Timeout = Timeout.InfiniteTimeSpan; // the provider's per-attempt timeout (Okta:AttemptTimeout) applies
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
                http.DefaultRequestHeaders.UserAgent.ParseAdd("Ferry/1.0");
            })
            // The client assertion goes to the org's token endpoint only: a 3xx is a refusal (OktaTokenProvider).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>5xx, 408, timeouts and dropped connections; never 429 (the budget decides) and never other 4xx.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException or IOException } => true,
        { Result: { } response } => response.StatusCode == HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500,
        _ => false,
    };
}
