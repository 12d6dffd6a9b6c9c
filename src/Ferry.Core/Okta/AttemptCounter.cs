namespace Ferry.Core.Okta;

/// <summary>Counts the HTTP attempts one logical call took (retries and 429 resends included).</summary>
public sealed class AttemptCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
