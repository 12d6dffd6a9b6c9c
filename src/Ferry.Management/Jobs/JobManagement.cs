using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Management.Jobs;

/// <summary>
/// The management services over one <see cref="DurableTaskClient"/>. The self-host has one client for the process
/// and registers these as singletons (<c>AddFerryManagement</c>); a Function gets its client from
/// <c>[DurableClient]</c> on each call and builds them over it, with the rest from the app's services.
/// </summary>
public sealed class JobManagement
{
    public JobManagement(DurableTaskClient client, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(client);
        Jobs = ActivatorUtilities.CreateInstance<JobStatusReader>(services, client);
        Starter = ActivatorUtilities.CreateInstance<JobStarter>(services, client);
        Control = ActivatorUtilities.CreateInstance<JobControl>(services, client, Jobs, Starter);
        Budgets = ActivatorUtilities.CreateInstance<BudgetReader>(services, client);
    }

    public JobStatusReader Jobs { get; }

    public JobStarter Starter { get; }

    public JobControl Control { get; }

    public BudgetReader Budgets { get; }
}
