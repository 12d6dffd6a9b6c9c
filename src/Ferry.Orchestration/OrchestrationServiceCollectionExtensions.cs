using Ferry.Core.Auth0Api;
using Ferry.Core.Okta;
using Ferry.Orchestration.Auth0;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ferry.Orchestration;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>
    /// What the orchestration classes need besides storage (<c>AddFerryStorage</c>): the Okta client and its budget
    /// options (<c>Okta:*</c>, <c>Ferry:Budget:*</c>), the Auth0 client (<c>Auth0:*</c>) and how Auth0 imports are
    /// driven (<c>Ferry:Auth0:*</c>), the job settings (<c>Ferry:Jobs:*</c>), validated at start,
    /// and the report cache. Both hosts call it.
    /// </summary>
    public static IServiceCollection AddFerryOrchestration(this IServiceCollection services)
    {
        services.AddOkta();
        services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.RetryDelay > TimeSpan.Zero, "Ferry:Jobs:RetryDelay must be positive.")
            .Validate(o => o.InterimReportInterval > TimeSpan.Zero, "Ferry:Jobs:InterimReportInterval must be positive.")
            .Validate(o => o.BatchRows <= o.SliceRows, "Ferry:Jobs:BatchRows must not exceed Ferry:Jobs:SliceRows.")
            .ValidateOnStart();
        services.AddAuth0();
        services.AddOptions<Auth0JobsOptions>()
            .BindConfiguration(Auth0JobsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.MaxPollInterval >= o.PollInterval, "Ferry:Auth0:PollInterval must be positive and at most Ferry:Auth0:MaxPollInterval.")
            .Validate(o => o.SlotRetryInterval > TimeSpan.Zero, "Ferry:Auth0:SlotRetryInterval must be positive.")
            .Validate(o => o.JobTimeout > TimeSpan.Zero, "Ferry:Auth0:JobTimeout must be positive.")
            .ValidateOnStart();
        services.TryAddTransient<Auth0JobPlanner>();
        services.TryAddSingleton<RenderedBatches>();
        services.TryAddSingleton<Rows.NodeStopping>();
        return services;
    }
}
