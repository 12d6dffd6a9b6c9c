using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// The Management API's request counters and its server-error draws, one seeded sequence (<c>Sandbox:Faults:Seed</c>)
/// in request arrival order, apart from the Okta side's so neither disturbs the other's replay.
/// </summary>
public sealed class Auth0Traffic
{
    private readonly Lock _lock = new();
    private readonly SandboxOptions _options;
    private Random _random;
    private long _requests;
    private long _unauthorized;
    private long _serverErrors;
    private long _lookups;

    public Auth0Traffic(IOptions<SandboxOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _random = new Random(_options.Faults.Seed);
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long Unauthorized => Interlocked.Read(ref _unauthorized);

    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary><c>GET /api/v2/users-by-email</c> requests received.</summary>
    public long Lookups => Interlocked.Read(ref _lookups);

    public void CountLookup() => Interlocked.Increment(ref _lookups);

    public void CountRequest() => Interlocked.Increment(ref _requests);

    public void CountUnauthorized() => Interlocked.Increment(ref _unauthorized);

    /// <summary>Draws whether this request fails with a 500 (counted when it does).</summary>
    public bool NextIsServerError()
    {
        double draw;
        lock (_lock)
        {
            draw = _random.NextDouble();
        }

        var fails = draw < _options.Auth0.Faults.ServerErrorRate;
        if (fails)
        {
            Interlocked.Increment(ref _serverErrors);
        }

        return fails;
    }

    public void Reset()
    {
        lock (_lock)
        {
            _random = new Random(_options.Faults.Seed);
        }

        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _unauthorized, 0);
        Interlocked.Exchange(ref _lookups, 0);
        Interlocked.Exchange(ref _serverErrors, 0);
    }
}
