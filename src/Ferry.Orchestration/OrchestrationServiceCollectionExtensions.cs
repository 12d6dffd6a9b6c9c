using Ferry.Core.Okta;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ferry.Orchestration;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>
    /// What the orchestration classes need besides storage (<c>AddFerryStorage</c>): the Okta client and its budget
    /// options (<c>Okta:*</c>, <c>Ferry:Budget:*</c>), the job settings (<c>Ferry:Jobs:*</c>), validated at start,
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
        services.TryAddSingleton<RenderedBatches>();
        return services;
    }
}
