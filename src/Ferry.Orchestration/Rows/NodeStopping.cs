namespace Ferry.Orchestration.Rows;

/// <summary>
/// This process is shutting down (the host calls <see cref="Stop"/> first thing): its running batches send nothing more
/// and return at once with the rows they did not send (recorded "not sent", run again in the batch's next pass on
/// whichever node takes it), so a shutdown does not wait for half a minute of paced slots and leaves nothing for a
/// restart to send again.
/// </summary>
public sealed class NodeStopping
{
    private readonly CancellationTokenSource _stopping = new(); // no timer, no links: nothing to dispose

    public CancellationToken Token => _stopping.Token;

    public void Stop() => _stopping.Cancel();
}
