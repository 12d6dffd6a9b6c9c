using System.Net;
using Ferry.Core.RateLimiting;
using Ferry.Core.Telemetry;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Ferry.Core.Okta;

/// <summary>
/// The innermost handler: every attempt (retries included) takes a lease from the org's <see cref="IRateLimitBudget"/>
/// (through <see cref="BudgetAdmission"/>, so waiting callers queue instead of polling) — the process's own, or the
/// slots an activity leased for its batch (<see cref="OktaRequestOptions.Admission"/>) — is sent under the
/// per-attempt timeout, and gives the lease back with Okta's X-Rate-Limit-* headers. A 429 is not retried blindly:
/// it is reported, and the request waits for the budget's next lease (which waits for Reset). When leased slots run
/// out, the request is not sent: it is answered here, 429 with <see cref="BudgetSpentHeader"/>, and the row is
/// retried later with new slots.
/// </summary>
public sealed class OktaRateLimitHandler : DelegatingHandler
{
    /// <summary>Marks a 429 that Ferry answered itself because the request's leased slots were used up (nothing was sent).</summary>
    public const string BudgetSpentHeader = "X-Ferry-Budget-Spent";

    /// <summary>The error code of that answer, as the row or group that needed the request carries it until it runs again.</summary>
    public const string BudgetSpentCode = "ferry-budget-spent";

    private const string BudgetSpentSummary = "not sent: this batch's leased slots";

    /// <summary>Whether an outcome's error summary says a request was not sent because its batch's slots were used up (not an Okta failure).</summary>
    public static bool IsBudgetSpent(string? errorSummary) => errorSummary?.Contains(BudgetSpentSummary, StringComparison.Ordinal) == true;

    /// <summary>The error summary of a row whose request was not sent (its batch's slots gone: used up, or the job stopped).</summary>
    public static string NotSentSummary(string why) => $"{BudgetSpentSummary} were given back ({why}); the row runs again with new ones";

    private readonly BudgetAdmission _admission;
    private readonly OktaOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _attemptTimeout;

    public OktaRateLimitHandler(BudgetAdmission admission, TimeProvider time, IOptions<OktaOptions> options)
    {
        ArgumentNullException.ThrowIfNull(admission);
        ArgumentNullException.ThrowIfNull(options);
        _admission = admission;
        _options = options.Value;
        _attemptTimeout = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bucket = OktaBuckets.Classify(request.Method, request.RequestUri!.AbsolutePath);
        request.Options.TryGetValue(OktaRequestOptions.Metrics, out var metrics);
        request.Options.TryGetValue(OktaRequestOptions.Attempts, out var attempts);
        var admission = request.Options.TryGetValue(OktaRequestOptions.Admission, out var leased) ? leased : _admission;
        var budget = admission.Budget;
        for (var throttles = 0; ; throttles++)
        {
            if (await admission.AcquireAsync(bucket, cancellationToken) is not { } lease)
            {
                return BudgetSpent(request, bucket);
            }

            attempts?.Increment();
            metrics?.CountRequest(bucket);
            HttpResponseMessage response;
            try
            {
                response = await _attemptTimeout.ExecuteAsync(
                    static (state, token) => new ValueTask<HttpResponseMessage>(state.Handler.SendToWireAsync(state.Request, token)),
                    (Handler: this, Request: request),
                    cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or OperationCanceledException or IOException)
            {
                FerryTelemetry.CountCall(FerryTelemetry.Okta, bucket, null);
                await budget.CompleteAsync(lease, BudgetOutcome.NoResponse, null, CancellationToken.None);
                throw;
            }

            var headers = RateLimitHeaders.From(response.Headers);
            FerryTelemetry.CountCall(FerryTelemetry.Okta, bucket, (int)response.StatusCode);
            if (headers is { } seen)
            {
                FerryTelemetry.SawBudget(bucket, seen.Limit, seen.Remaining);
            }

            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                await budget.CompleteAsync(lease, BudgetOutcome.Answered, headers, CancellationToken.None);
                return response;
            }

            metrics?.CountThrottled(bucket);
            FerryTelemetry.CountThrottled(FerryTelemetry.Okta, bucket);
            var outcome = headers is { Limit: 0 } ? BudgetOutcome.ConcurrencyThrottled : BudgetOutcome.Throttled;
            await budget.CompleteAsync(lease, outcome, headers, CancellationToken.None);
            if (throttles >= _options.MaxThrottledRetries)
            {
                return response;
            }

            response.Dispose();
        }
    }

    private static HttpResponseMessage BudgetSpent(HttpRequestMessage request, string bucket)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            RequestMessage = request,
            Content = new StringContent(
                $$"""{"errorCode":"{{BudgetSpentCode}}","errorSummary":"{{BudgetSpentSummary}} for the '{{bucket}}' bucket were used up; the row runs again with new ones","errorCauses":[]}""",
                System.Text.Encoding.UTF8,
                "application/json"),
        };
        response.Headers.Add(BudgetSpentHeader, bucket);
        return response;
    }

    private Task<HttpResponseMessage> SendToWireAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
