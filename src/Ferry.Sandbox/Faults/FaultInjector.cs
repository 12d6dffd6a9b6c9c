using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Faults;

/// <summary>
/// Draws each request's latency and faults from one seeded sequence. Every request consumes the same number of
/// draws, so a run with the same seed and the same arrival order fails in the same places.
/// </summary>
public sealed class FaultInjector
{
    private static readonly int[] ServerErrorCodes = [500, 502, 503];

    private readonly Lock _lock = new();
    private readonly SandboxOptions _options;
    private Random _random;

    public FaultInjector(IOptions<SandboxOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _random = new Random(_options.Faults.Seed);
    }

    public FaultPlan Next()
    {
        double jitterDraw, slowDraw, faultDraw, phaseDraw;
        int codeDraw;
        lock (_lock)
        {
            jitterDraw = _random.NextDouble();
            slowDraw = _random.NextDouble();
            faultDraw = _random.NextDouble();
            phaseDraw = _random.NextDouble();
            codeDraw = _random.Next(ServerErrorCodes.Length);
        }

        var faults = _options.Faults;
        var latency = _options.Latency;
        var delay = latency.Mean + (latency.Jitter * ((jitterDraw * 2) - 1));
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        var slow = slowDraw < faults.SlowRate;
        if (slow)
        {
            delay += faults.SlowDelay;
        }

        var kind = FaultKind.None;
        if (faultDraw < faults.ServerErrorRate)
        {
            kind = FaultKind.ServerError;
        }
        else if (faultDraw < faults.ServerErrorRate + faults.ResetRate)
        {
            kind = FaultKind.Reset;
        }
        else if (faultDraw < faults.ServerErrorRate + faults.ResetRate + faults.ThrottleRate)
        {
            kind = FaultKind.Throttle;
        }

        return new FaultPlan(kind, phaseDraw < 0.5, ServerErrorCodes[codeDraw], slow, delay);
    }

    public void Reset()
    {
        lock (_lock)
        {
            _random = new Random(_options.Faults.Seed);
        }
    }
}
