using Microsoft.DurableTask;

namespace Ferry.Durable.Tests.Workflows;

/// <summary>Calls <see cref="Shout"/> once per execution and continues as new until the input reaches zero.</summary>
internal sealed class Countdown : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        await context.CallActivityAsync<string>(nameof(Shout), "tick");
        if (input > 0)
        {
            context.ContinueAsNew(input - 1);
        }

        return input;
    }
}
