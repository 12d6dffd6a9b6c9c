namespace Ferry.Core.RateLimiting;

/// <summary>
/// Permission to send one request to a bucket, returned to the budget with the response's headers. Plain data, so
/// a budget hosted elsewhere (a durable entity, in batches) can hand it out.
/// </summary>
/// <param name="Epoch">The budget's local window the lease was granted in.</param>
/// <param name="GrantedAt">When the request may be sent: now, or a paced slot a little ahead.</param>
/// <param name="Id">The budget's number for the lease, so it is counted back once, and not after it expired.</param>
public readonly record struct BudgetLease(string Bucket, long Epoch, DateTimeOffset GrantedAt, long Id);
