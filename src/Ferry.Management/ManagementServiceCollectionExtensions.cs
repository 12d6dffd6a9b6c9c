using System.Text.Json.Serialization;
using Ferry.Management.Api;
using Ferry.Management.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ferry.Management;

public static class ManagementServiceCollectionExtensions
{
    /// <summary>The management API's services (a host registers its <c>DurableTaskClient</c> and <c>AddFerryStorage</c>).</summary>
    public static IServiceCollection AddFerryManagement(this IServiceCollection services)
    {
        services.AddFerryManagementApi();
        services.TryAddSingleton<JobStarter>();
        services.TryAddSingleton<JobStatusReader>();
        services.TryAddSingleton<JobControl>();
        services.TryAddSingleton<BudgetReader>();
        return services;
    }

    /// <summary>
    /// What the API's answers need in either host: Durable Functions-shaped JSON (enums as names), problem details,
    /// the request bounds (<c>Ferry:Api:MaxUploadBytes</c>), and the samples the status's rate is measured over. The Function App calls only this: its clients come per call (<see cref="JobManagement"/>).
    /// </summary>
    public static IServiceCollection AddFerryManagementApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProgressSamples>(); // the status's rate window, per node
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return services;
    }
}
