namespace Ferry.Management.Api;

public sealed record StartMigrationBlob(string? Container, string Name);
