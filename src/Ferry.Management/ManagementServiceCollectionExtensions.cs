using Ferry.Management.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ferry.Management;

public static class ManagementServiceCollectionExtensions
{
    /// <summary>The management API's services (a host registers its <c>DurableTaskClient</c> and <c>AddFerryStorage</c>).</summary>
    public static IServiceCollection AddFerryManagement(this IServiceCollection services)
    {
        services.TryAddSingleton<JobStarter>();
        services.TryAddSingleton<JobStatusReader>();
        services.TryAddSingleton<JobControl>();
        services.TryAddSingleton<BudgetReader>();
        return services;
    }
}
