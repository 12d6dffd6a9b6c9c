using Microsoft.DurableTask;

namespace Ferry.Durable.Tests.Workflows;

/// <summary>Fails with the input as the message.</summary>
internal sealed class FailWith : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        throw new InvalidOperationException(input);
}
