namespace Ferry.Durable.Tests.Workflows;

public sealed record WaitingStatus(string Phase, string Subject);
