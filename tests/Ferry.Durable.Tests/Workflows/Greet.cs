using Microsoft.DurableTask;

namespace Ferry.Durable.Tests.Workflows;

/// <summary>Calls <see cref="Shout"/> <see cref="GreetingRequest.Times"/> times: a typed input and output.</summary>
internal sealed class Greet : TaskOrchestrator<GreetingRequest, Greeting>
{
    public override async Task<Greeting> RunAsync(TaskOrchestrationContext context, GreetingRequest input)
    {
        var parts = new List<string>();
        for (var i = 0; i < input.Times; i++)
        {
            parts.Add(await context.CallActivityAsync<string>(nameof(Shout), input.Name));
        }

        return new Greeting($"Hello, {input.Name}", parts);
    }
}
