namespace Ferry.Durable.Tests.Workflows;

public sealed record GreetingRequest(string Name, int Times);
