namespace Ferry.Sandbox.Auth0;

/// <summary>A consistent copy of an import job for writing its JSON outside the tenant's lock.</summary>
public sealed record Auth0JobView(
    string Id,
    Auth0JobStatus Status,
    DateTimeOffset CreatedAt,
    string ConnectionId,
    string ConnectionName,
    bool Upsert,
    string? ExternalId,
    bool SendCompletionEmail,
    int Total,
    int Processed,
    int Inserted,
    int Updated,
    int Failed,
    TimeSpan TimeLeft);
