using Ferry.Orchestration.Storage;
using Microsoft.DurableTask;

namespace Ferry.Orchestration.Jobs;

/// <summary>
/// Tags a finished job's input (<c>ferryInstanceId</c>, <c>ferryStatus</c>) and, when asked and nothing needs
/// attention, deletes it and its snapshots — before the job shows as finished, so whoever sees it finished sees the
/// input as it will stay. Both tolerate a blob already gone (a second execution).
/// </summary>
public sealed class FinishInputActivity(IJobInputs inputs) : TaskActivity<FinishInput, bool>
{
    public const string Name = "FinishInput";

    public override async Task<bool> RunAsync(TaskActivityContext context, FinishInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await inputs.TagAsync(input.Blob, input.JobId, input.Status, CancellationToken.None);
        if (input.Delete)
        {
            await inputs.DeleteAsync(input.Blob, CancellationToken.None);
        }

        return input.Delete;
    }
}
