using System.Net;
using Ferry.Core.RateLimiting;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Ferry.Core.Okta;

/// <summary>
/// The innermost handler: every attempt (retries included) takes a lease from the org's <see cref="IRateLimitBudget"/>
/// (through <see cref="BudgetAdmission"/>, so waiting callers queue instead of polling),
/// is sent under the per-attempt timeout, and gives the lease back with Okta's X-Rate-Limit-* headers. A 429 is not
/// retried blindly: it is reported, and the request waits for the budget's next lease (which waits for Reset).
/// </summary>
public sealed class OktaRateLimitHandler : DelegatingHandler
{
    private readonly BudgetAdmission _admission;
    private readonly IRateLimitBudget _budget;
    private readonly OktaOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _attemptTimeout;

    public OktaRateLimitHandler(BudgetAdmission admission, TimeProvider time, IOptions<OktaOptions> options)
    {
        ArgumentNullException.ThrowIfNull(admission);
        ArgumentNullException.ThrowIfNull(options);
        _admission = admission;
        _budget = admission.Budget;
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
        for (var throttles = 0; ; throttles++)
        {
            var lease = await _admission.AcquireAsync(bucket, cancellationToken);
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
                await _budget.CompleteAsync(lease, BudgetOutcome.NoResponse, null, CancellationToken.None);
                throw;
            }

            var headers = RateLimitHeaders.From(response.Headers);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                await _budget.CompleteAsync(lease, BudgetOutcome.Answered, headers, CancellationToken.None);
                return response;
            }

            metrics?.CountThrottled(bucket);
            var outcome = headers is { Limit: 0 } ? BudgetOutcome.ConcurrencyThrottled : BudgetOutcome.Throttled;
            await _budget.CompleteAsync(lease, outcome, headers, CancellationToken.None);
            if (throttles >= _options.MaxThrottledRetries)
            {
                return response;
            }

            response.Dispose();
        }
    }

    private Task<HttpResponseMessage> SendToWireAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
