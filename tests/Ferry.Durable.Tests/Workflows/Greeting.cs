namespace Ferry.Durable.Tests.Workflows;

public sealed record Greeting(string Text, IReadOnlyList<string> Parts);
