using Microsoft.DurableTask;

namespace Ferry.Orchestration;

internal static class OrchestrationContextExtensions
{
    /// <summary>The orchestration's replay-safe clock as a <see cref="DateTimeOffset"/> (UTC).</summary>
    public static DateTimeOffset UtcNow(this TaskOrchestrationContext context) =>
        new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc), TimeSpan.Zero);

    /// <summary>A durable timer until <paramref name="at"/>, or for <paramref name="floor"/> if that is sooner than now.</summary>
    public static Task WaitUntilAsync(this TaskOrchestrationContext context, DateTimeOffset at, TimeSpan floor)
    {
        var now = context.UtcNow();
        var fireAt = at > now + floor ? at : now + floor;
        return context.CreateTimer(fireAt.UtcDateTime, CancellationToken.None);
    }
}
