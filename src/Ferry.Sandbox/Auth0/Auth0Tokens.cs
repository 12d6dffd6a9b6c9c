using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Ferry.Sandbox.Auth0;

/// <summary>Access tokens issued by <c>POST /oauth/token</c>, each valid until its expiry; opaque random strings.</summary>
public sealed class Auth0Tokens(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public void CountRequest() => Interlocked.Increment(ref _requests);

    public string Issue(TimeSpan lifetime)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(48));
        _expiries[token] = time.GetUtcNow() + lifetime;
        return token;
    }

    public bool IsValid(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!_expiries.TryGetValue(token, out var expiry))
        {
            return false;
        }

        if (time.GetUtcNow() < expiry)
        {
            return true;
        }

        _expiries.TryRemove(token, out _);
        return false;
    }

    /// <summary>Forgets the counter; issued tokens stay valid (a client holding one keeps working).</summary>
    public void ResetCounters() => Interlocked.Exchange(ref _requests, 0);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
