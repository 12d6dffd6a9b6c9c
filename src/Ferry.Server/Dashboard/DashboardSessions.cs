using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Models;
using Ferry.Server.Api;
using Ferry.Storage;

namespace Ferry.Server.Dashboard;

/// <summary>
/// The dashboard's sign-in sessions. The cookie is <c>{key id}.{session id}.{expiry}.{signature}</c>: the id of the key
/// signed in with (<see cref="ApiKeySet.IdOf"/>, never the key), 32 random bytes, the expiry (Unix seconds), and an
/// HMAC-SHA256 of the three keyed with a secret derived from that key. A session holds while its key is configured
/// (removed or rotated, its sessions end on every node at the reload or restart), until it expires (8 hours), and while
/// its record is in the state container (<c>dashboard/sessions/{SHA-256 of the session id}</c>, with the key's id and the
/// expiry): sign-out deletes it, so a replayed cookie is refused by every node. Sessions survive restarts.
/// The cookie is HttpOnly and SameSite=Strict, Secure when the request came over HTTPS (as the trusted proxy says,
/// Ferry:ForwardedHeaders:*); a request other than GET or HEAD made with it must also send <see cref="CsrfHeader"/>.
/// </summary>
public sealed class DashboardSessions(ApiKeys keys, FerryStorage storage, TimeProvider time)
{
    public const string CookieName = "ferry-dashboard";

    /// <summary>Sent by the dashboard's script on every POST made with the cookie (anti-CSRF); any non-empty value.</summary>
    public const string CsrfHeader = "x-ferry-dashboard";

    /// <summary>Where the session records are, in the state container.</summary>
    public const string Folder = "dashboard/sessions/";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("ferry-dashboard-session");

    /// <summary>Records a session for a key already checked valid and sets its cookie; forgets expired sessions.</summary>
    public async Task SignInAsync(HttpContext context, ConfiguredKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(key);
        var session = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var expires = time.GetUtcNow() + Lifetime;
        var seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await storage.State.GetCheckedBlobClient(BlobName(session)).UploadAsync(
            BinaryData.Empty,
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["keyId"] = key.Id, ["expires"] = seconds } },
            cancellationToken);
        context.Response.Cookies.Append(CookieName, $"{key.Id}.{session}.{seconds}.{Sign(key, key.Id, session, seconds)}", new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            Expires = expires,
            IsEssential = true,
        });
        await ForgetExpiredAsync(cancellationToken);
    }

    /// <summary>Ends the request's session on the server (its record deleted) and deletes the cookie.</summary>
    public async Task SignOutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (SessionCookie.Parse(context.Request.Cookies[CookieName]) is { } cookie)
        {
            await storage.State.GetCheckedBlobClient(BlobName(cookie.Session)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict, HttpOnly = true, Secure = context.Request.IsHttps });
    }

    /// <summary>The configured key the request's session was made with, while the session holds; otherwise null.</summary>
    public async Task<ConfiguredKey?> SessionKeyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        if (SessionCookie.Parse(request.Cookies[CookieName]) is not { } cookie
            || keys.ById(cookie.KeyId) is not { Scope: KeyScope.Api } key
            || cookie.Expires < now.ToUnixTimeSeconds() || cookie.Expires > (now + Lifetime).ToUnixTimeSeconds()
            || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(cookie.Signature),
                Encoding.ASCII.GetBytes(Sign(key, cookie.KeyId, cookie.Session, cookie.ExpiresText))))
        {
            return null;
        }

        // Signed by a configured key and not expired: still signed in unless signed out (on any node).
        return (await storage.State.GetCheckedBlobClient(BlobName(cookie.Session)).ExistsAsync(cancellationToken)).Value ? key : null;
    }

    /// <summary>A request other than GET or HEAD made with the cookie must carry <see cref="CsrfHeader"/>.</summary>
    public static bool PassesCsrfCheck(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || request.Headers[CsrfHeader].FirstOrDefault() is { Length: > 0 };
    }

    /// <summary>A session's record: named by a digest of its id, so the storage account's readers cannot make its cookie.</summary>
    private static string BlobName(string session) =>
        Folder + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(session)));

    private static string Sign(ConfiguredKey key, string keyId, string session, string seconds)
    {
        var secret = HMACSHA256.HashData(key.Digest, Purpose);
        return Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{keyId}.{session}.{seconds}")));
    }

    private async Task ForgetExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await foreach (var blob in storage.State.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, Folder, cancellationToken))
        {
            if (blob.Metadata.TryGetValue("expires", out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) && expires < now)
            {
                if (storage.State.TryGetCheckedBlobClient(blob.Name, out var expired) is null)
                {
                    await expired.DeleteIfExistsAsync(cancellationToken: cancellationToken); // a name Ferry never wrote is left alone
                }
            }
        }
    }

    /// <summary>The cookie's four parts, when it has their shape.</summary>
    private sealed record SessionCookie(string KeyId, string Session, string ExpiresText, long Expires, string Signature)
    {
        public static SessionCookie? Parse(string? value) =>
            value?.Split('.') is [{ Length: 16 } keyId, { Length: 43 } session, var seconds, { Length: 43 } signature]
            && long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                ? new SessionCookie(keyId, session, seconds, expires, signature)
                : null;
    }
}
