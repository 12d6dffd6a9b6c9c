namespace Ferry.Server.Api;

public sealed record StartMigrationBlob(string? Container, string Name);
