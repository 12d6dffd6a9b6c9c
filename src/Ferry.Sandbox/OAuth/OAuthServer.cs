using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Ferry.Sandbox.OAuth;

/// <summary>
/// The org authorization server's state: the registered service apps and their keys, the opaque access tokens issued
/// (each valid until its expiry), client-assertion and DPoP-proof <c>jti</c>s seen (a replay is refused), the DPoP
/// nonces handed out, and counters for <c>GET /sandbox/stats</c>.
/// </summary>
public sealed class OAuthServer(IOptions<SandboxOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _jtis = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _nonces = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyDictionary<string, (ServiceAppOptions App, SecurityKey? Key)>> _apps = new(() =>
        options.Value.OAuth.Apps.ToDictionary(p => p.Key, p => (p.Value, PublicKeys.TryRead(p.Value.PublicKey)), StringComparer.Ordinal));

    private long _requests;
    private long _issued;
    private long _refused;

    public TimeProvider Time => time;

    public OAuthOptions Options => options.Value.OAuth;

    /// <summary>Token requests received.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Access tokens issued.</summary>
    public long Issued => Interlocked.Read(ref _issued);

    /// <summary>Token requests refused (any OAuth error, the nonce dance included).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public void CountRequest() => Interlocked.Increment(ref _requests);

    public void CountRefused() => Interlocked.Increment(ref _refused);

    public (ServiceAppOptions App, SecurityKey? Key)? App(string clientId) =>
        _apps.Value.TryGetValue(clientId, out var app) ? app : null;

    /// <summary>Records a <c>jti</c> (scoped by <paramref name="kind"/>) until <paramref name="until"/>; false when it was seen before.</summary>
    public bool TryUseJti(string kind, string jti, DateTimeOffset until)
    {
        var now = time.GetUtcNow();
        foreach (var (key, expiry) in _jtis)
        {
            if (expiry < now)
            {
                _jtis.TryRemove(key, out _);
            }
        }

        return _jtis.TryAdd($"{kind}:{jti}", until);
    }

    public string NewNonce()
    {
        var nonce = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        _nonces[nonce] = time.GetUtcNow() + Options.NonceLifetime;
        return nonce;
    }

    public bool IsValidNonce(string? nonce) =>
        nonce is not null && _nonces.TryGetValue(nonce, out var expiry) && time.GetUtcNow() < expiry;

    public (string Token, TimeSpan Lifetime) Issue(string clientId, IReadOnlyList<string> scopes, string? jkt)
    {
        var lifetime = Options.TokenLifetime;
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(48));
        _tokens[token] = new IssuedToken(clientId, scopes, time.GetUtcNow() + lifetime, jkt);
        Interlocked.Increment(ref _issued);
        return (token, lifetime);
    }

    /// <summary>Every access token issued and not yet found expired (for leak scans: tests look for them where they must not be).</summary>
    public IReadOnlyCollection<string> IssuedTokens => [.. _tokens.Keys];

    /// <summary>The token's grant while it is valid; null once expired or when never issued.</summary>
    public IssuedToken? Find(string token)
    {
        if (!_tokens.TryGetValue(token, out var issued))
        {
            return null;
        }

        if (time.GetUtcNow() < issued.ExpiresAt)
        {
            return issued;
        }

        _tokens.TryRemove(token, out _);
        return null;
    }

    /// <summary>Forgets the counters; issued tokens stay valid (a client holding one keeps working).</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _issued, 0);
        Interlocked.Exchange(ref _refused, 0);
    }
}
