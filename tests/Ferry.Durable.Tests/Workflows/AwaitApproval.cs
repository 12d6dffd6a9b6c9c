using Microsoft.DurableTask;

namespace Ferry.Durable.Tests.Workflows;

/// <summary>Shows a custom status, then waits for the "approval" event and returns its payload.</summary>
internal sealed class AwaitApproval : TaskOrchestrator<string, Approval>
{
    public const string EventName = "approval";

    public override async Task<Approval> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SetCustomStatus(new WaitingStatus("waiting", input));
        return await context.WaitForExternalEvent<Approval>(EventName);
    }
}
