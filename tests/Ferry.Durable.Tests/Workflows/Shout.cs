using Microsoft.DurableTask;

namespace Ferry.Durable.Tests.Workflows;

/// <summary>An activity: the name in capitals.</summary>
internal sealed class Shout : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) =>
        Task.FromResult(input.ToUpperInvariant() + "!");
}
