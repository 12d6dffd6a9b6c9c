namespace Ferry.Durable.Tests.Workflows;

public sealed record Approval(string By, bool Granted);
