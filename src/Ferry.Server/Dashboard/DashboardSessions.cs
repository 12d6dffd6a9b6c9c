using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ferry.Server.Api;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Dashboard;

/// <summary>
/// The dashboard's sign-in cookie. Its value is <c>{expiry}.{HMAC-SHA256 of the expiry, keyed with an API key}</c>:
/// it proves the key was presented without holding it, needs no server-side state (any node checks it), and stops
/// working when it expires or when that key leaves <c>Ferry:Api:Keys</c>. HttpOnly and SameSite=Strict, so neither
/// page script nor another site's request carries it; a request other than GET or HEAD made with it must also send
/// the <see cref="CsrfHeader"/> header, which a cross-site form cannot.
/// </summary>
public sealed class DashboardSessions(IOptions<ApiOptions> options, IConfiguration configuration, TimeProvider time)
{
    public const string CookieName = "ferry-dashboard";

    /// <summary>Sent by the dashboard's script on every POST made with the cookie (anti-CSRF); any non-empty value.</summary>
    public const string CsrfHeader = "x-ferry-dashboard";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private const string Purpose = "ferry-dashboard-session:";

    private readonly byte[][] _keys = options.Value.EffectiveKeys(configuration).Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>Sets the cookie for a key already checked valid.</summary>
    public void SignIn(HttpContext context, string key)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(key);
        var expires = time.GetUtcNow() + Lifetime;
        var seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        context.Response.Cookies.Append(CookieName, $"{seconds}.{Sign(Encoding.UTF8.GetBytes(key), seconds)}", new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            Expires = expires,
            IsEssential = true,
        });
    }

    public static void SignOut(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict, HttpOnly = true });
    }

    /// <summary>Whether the request carries a cookie signed with a configured key that has not expired.</summary>
    public bool IsSignedIn(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cookies[CookieName] is not { Length: > 0 } cookie || cookie.Split('.') is not [var seconds, var signature]
            || !long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            || unix < time.GetUtcNow().ToUnixTimeSeconds() || unix > (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds())
        {
            return false;
        }

        var presented = Encoding.ASCII.GetBytes(signature);
        var valid = false;
        foreach (var key in _keys)
        {
            valid |= CryptographicOperations.FixedTimeEquals(presented, Encoding.ASCII.GetBytes(Sign(key, seconds)));
        }

        return valid;
    }

    /// <summary>A request other than GET or HEAD made with the cookie must carry <see cref="CsrfHeader"/>.</summary>
    public static bool PassesCsrfCheck(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || request.Headers[CsrfHeader].FirstOrDefault() is { Length: > 0 };
    }

    private static string Sign(byte[] key, string seconds) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Purpose + seconds))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
