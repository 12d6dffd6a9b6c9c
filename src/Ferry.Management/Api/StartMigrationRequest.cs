namespace Ferry.Management.Api;

/// <summary>JSON body of <c>POST /api/migrations</c> naming an existing blob (container defaults to the inbox).</summary>
public sealed record StartMigrationRequest(StartMigrationBlob Blob, Dictionary<string, string>? Options);
