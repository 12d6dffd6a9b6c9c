using System.Globalization;
using Ferry.Sandbox.Faults;
using Ferry.Sandbox.OAuth;
using Ferry.Sandbox.Okta;
using Ferry.Sandbox.RateLimits;
using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Traffic;

/// <summary>
/// Everything Okta does to a request before and after the endpoint: the concurrency limit, latency, the credentials
/// (an SSWS token, or a service app's access token: Bearer, or DPoP with its proof; the endpoint's scope), the
/// endpoint's rate-limit bucket and its X-Rate-Limit-* headers, and injected faults. Applies to <c>/api/v1</c> only.
/// </summary>
public sealed partial class OktaTrafficMiddleware(
    RequestDelegate next,
    IOptions<SandboxOptions> options,
    RateLimiter rateLimiter,
    FaultInjector faults,
    TrafficStats stats,
    OAuthServer oauth,
    TimeProvider time,
    ILogger<OktaTrafficMiddleware> logger)
{
    private readonly SandboxOptions _options = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments("/api/v1", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        stats.CountRequest();
        context.Response.Headers["X-Okta-Request-Id"] = OktaIds.NewRequestId();
        if (!stats.TryEnter(_options.Concurrency))
        {
            // Okta's concurrency violation: 429 with Limit and Remaining both 0; Reset is only a suggestion.
            SetRateLimitHeaders(context.Response, 0, 0, time.GetUtcNow().AddSeconds(1));
            await OktaErrorResult.WriteAsync(context.Response, OktaErrors.RateLimited);
            return;
        }

        try
        {
            await HandleAdmittedAsync(context);
        }
        finally
        {
            stats.Leave();
        }
    }

    private async Task HandleAdmittedAsync(HttpContext context)
    {
        var plan = faults.Next();
        if (plan.Slow)
        {
            stats.CountSlow();
        }

        if (plan.Delay > TimeSpan.Zero)
        {
            await Task.Delay(plan.Delay, time, context.RequestAborted);
        }

        if (!await AuthorizeAsync(context))
        {
            return;
        }

        var bucket = rateLimiter[RateLimitCatalog.Classify(context.Request.Method, context.Request.Path.Value ?? string.Empty)];
        var now = time.GetUtcNow();
        if (plan.Kind == FaultKind.Throttle)
        {
            var peek = bucket.Peek(now);
            stats.CountThrottled();
            SetRateLimitHeaders(context.Response, peek.Limit, 0, peek.ResetAt);
            await OktaErrorResult.WriteAsync(context.Response, OktaErrors.RateLimited);
            return;
        }

        var decision = bucket.TryAcquire(now);
        SetRateLimitHeaders(context.Response, decision.Limit, decision.Remaining, decision.ResetAt);
        if (!decision.Allowed)
        {
            stats.CountThrottled();
            await OktaErrorResult.WriteAsync(context.Response, OktaErrors.RateLimited);
            return;
        }

        switch (plan.Kind)
        {
            case FaultKind.ServerError or FaultKind.Reset when !plan.AfterProcessing:
                await FailAsync(context, plan, decision);
                return;
            case FaultKind.ServerError or FaultKind.Reset:
                await RunAndDiscardAsync(context);
                await FailAsync(context, plan, decision);
                return;
            default:
                await next(context);
                return;
        }
    }

    /// <summary>Applies the operation but throws its response away (the client never learns it succeeded).</summary>
    private async Task RunAndDiscardAsync(HttpContext context)
    {
        var original = context.Response.Body;
        await using var sink = new MemoryStream();
        context.Response.Body = sink;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
    }

    private async Task FailAsync(HttpContext context, FaultPlan plan, RateLimitDecision decision)
    {
        if (plan.Kind == FaultKind.Reset)
        {
            stats.CountReset();
            LogReset(logger, context.Request.Method, context.Request.Path.Value, plan.AfterProcessing);
            context.Abort();
            return;
        }

        stats.CountServerError();
        context.Response.Clear();
        SetRateLimitHeaders(context.Response, decision.Limit, decision.Remaining, decision.ResetAt);
        if (plan.StatusCode == StatusCodes.Status500InternalServerError)
        {
            await OktaErrorResult.WriteAsync(context.Response, OktaErrors.InternalServerError);
            return;
        }

        // 502 and 503 come from the load balancer in front of Okta: HTML, not Okta's JSON.
        context.Response.StatusCode = plan.StatusCode;
        context.Response.ContentType = "text/html";
        var reason = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(plan.StatusCode);
        await context.Response.WriteAsync($"<html><body><h1>{plan.StatusCode} {reason}</h1></body></html>");
    }

    /// <summary>Whether the request's credentials allow it; when not, the 401 or 403 is written (and counted).</summary>
    private async Task<bool> AuthorizeAsync(HttpContext context)
    {
        var request = context.Request;
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("SSWS ", StringComparison.Ordinal))
        {
            return string.Equals(header[5..].Trim(), _options.ApiToken, StringComparison.Ordinal)
                || await UnauthorizedAsync(context, null); // as before the service apps: no challenge
        }

        var bearer = header.StartsWith("Bearer ", StringComparison.Ordinal);
        if (!bearer && !header.StartsWith("DPoP ", StringComparison.Ordinal))
        {
            return await UnauthorizedAsync(context, null);
        }

        var token = header[(bearer ? 7 : 5)..].Trim();
        if (oauth.Find(token) is not { } issued)
        {
            return await UnauthorizedAsync(context, $"{(bearer ? "Bearer" : "DPoP")} error=\"invalid_token\", error_description=\"The token is not valid.\"");
        }

        if (issued.Jkt is { } jkt)
        {
            if (bearer)
            {
                return await UnauthorizedAsync(context, "DPoP error=\"invalid_token\", error_description=\"The access token is DPoP-bound: send it as DPoP with a proof.\"");
            }

            var verdict = await DPoPProof.CheckAsync(request.Headers["DPoP"].ToString(), request, oauth, token);
            if (verdict.NeedsNonce)
            {
                context.Response.Headers["DPoP-Nonce"] = oauth.NewNonce();
                return await UnauthorizedAsync(context, "DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof.\"");
            }

            if (verdict.Error is not null || verdict.Jkt != jkt)
            {
                return await UnauthorizedAsync(context, "DPoP error=\"invalid_dpop_proof\", error_description=\"The DPoP proof is invalid or not made with the token's key.\"");
            }
        }
        else if (!bearer)
        {
            return await UnauthorizedAsync(context, "DPoP error=\"invalid_token\", error_description=\"The access token is not DPoP-bound.\"");
        }

        var allowing = ScopeRules.Allowing(request.Method, request.Path.Value ?? string.Empty);
        if (allowing.Any(issued.Scopes.Contains))
        {
            return true;
        }

        stats.CountForbidden();
        context.Response.Headers.WWWAuthenticate = $"{(bearer ? "Bearer" : "DPoP")} error=\"insufficient_scope\", error_description=\"The access token provided does not contain the required scopes.\", scope=\"{allowing[0]}\"";
        await OktaErrorResult.WriteAsync(context.Response, OktaErrors.AccessDenied);
        return false;
    }

    private async Task<bool> UnauthorizedAsync(HttpContext context, string? challenge)
    {
        stats.CountUnauthorized();
        if (challenge is not null)
        {
            context.Response.Headers.WWWAuthenticate = challenge;
        }

        await OktaErrorResult.WriteAsync(context.Response, OktaErrors.InvalidToken);
        return false;
    }

    private static void SetRateLimitHeaders(HttpResponse response, int limit, int remaining, DateTimeOffset resetAt)
    {
        response.Headers["X-Rate-Limit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Rate-Limit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Rate-Limit-Reset"] = OktaTime.ToEpochSecondsCeiling(resetAt).ToString(CultureInfo.InvariantCulture);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Injected connection reset on {Method} {Path} (after processing: {AfterProcessing})")]
    private static partial void LogReset(ILogger logger, string method, string? path, bool afterProcessing);
}
