using Microsoft.Extensions.Time.Testing;

namespace Ferry.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that moves forward by <c>step</c> every real millisecond while it runs, so code
/// that waits minutes on its clock (rate-limit windows, pacing, backoff) runs in seconds, and every participant that
/// shares the provider (the sandbox, Ferry's budget) sees the same time.
/// </summary>
public sealed class AutoAdvancingClock : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public AutoAdvancingClock(DateTimeOffset start, TimeSpan step)
    {
        Time = new FakeTimeProvider(start);
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System);
                Time.Advance(step);
            }
        });
    }

    public FakeTimeProvider Time { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
