using System.Text.Json.Nodes;

namespace Ferry.Sandbox.Auth0;

/// <summary>An import job's state inside the tenant; changed only under the tenant's lock.</summary>
internal sealed class Auth0ImportJob(
    string id,
    Auth0Connection connection,
    byte[] file,
    bool upsert,
    string? externalId,
    bool sendCompletionEmail,
    bool injectedFailure,
    DateTimeOffset createdAt)
{
    public string Id { get; } = id;

    public Auth0Connection Connection { get; } = connection;

    public bool Upsert { get; } = upsert;

    public string? ExternalId { get; } = externalId;

    public bool SendCompletionEmail { get; } = sendCompletionEmail;

    /// <summary>Drawn at creation from the seeded job-fault sequence: the job fails when it would start processing.</summary>
    public bool InjectedFailure { get; } = injectedFailure;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>The uploaded file until the job starts and parses it.</summary>
    public byte[]? File { get; set; } = file;

    public Auth0JobStatus Status { get; set; } = Auth0JobStatus.Pending;

    public DateTimeOffset? ProcessingStartedAt { get; set; }

    public IReadOnlyList<JsonObject> Users { get; set; } = [];

    public int Processed { get; set; }

    public int Inserted { get; set; }

    public int Updated { get; set; }

    public int Failed { get; set; }

    public List<Auth0ImportFailure> Failures { get; } = [];

    public bool IsActive => Status is Auth0JobStatus.Pending or Auth0JobStatus.Processing;
}
