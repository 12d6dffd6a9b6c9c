using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Api;

/// <summary>
/// Limits guessing: each client address may present <c>Ferry:Api:MaxKeyFailures</c> wrong keys (API header, webhook
/// <c>code=</c>, dashboard sign-in) per <c>Ferry:Api:KeyFailureWindow</c>; past that, every request of that address that
/// presents a key is answered 429 with Retry-After — the right key included, or the answer would tell a guess right.
/// Requests without a key and dashboard cookies are not counted. An IPv6 client counts by its /64, which one host
/// usually holds whole. Behind a proxy the client address is the one Ferry:ForwardedHeaders:* trusts.
/// ASP.NET Core's rate-limiting middleware admits requests before they run, whatever their outcome; here only
/// failures count, so its partitioned fixed-window limiter is used directly.
/// </summary>
public sealed class KeyFailureLimiter : IDisposable
{
    private readonly TimeSpan _window;
    private readonly PartitionedRateLimiter<string> _failures;

    public KeyFailureLimiter(IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _window = settings.KeyFailureWindow;
        _failures = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.MaxKeyFailures,
            Window = settings.KeyFailureWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Whether the request's client has used up its wrong keys; <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsLimited(HttpContext context, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var lease = _failures.AttemptAcquire(ClientOf(context), permitCount: 0);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _window;
        return !lease.IsAcquired;
    }

    /// <summary>Counts a wrong key against the request's client.</summary>
    public void RecordFailure(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var lease = _failures.AttemptAcquire(ClientOf(context));
    }

    /// <summary>429 with Retry-After (whole seconds) and a problem document.</summary>
    public static IResult TooManyWrongKeys(HttpContext context, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = Seconds(retryAfter);
        return TypedResults.Problem(
            title: "Too many wrong keys",
            detail: $"Too many wrong keys from this address. Retry after {Seconds(retryAfter)} s.",
            statusCode: StatusCodes.Status429TooManyRequests);
    }

    public static string Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _failures.Dispose();

    private static string ClientOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }
}
