namespace Ferry.Core.Okta.Json;

/// <summary>A partial update: <c>{"profile": {...}}</c>.</summary>
public sealed record ProfileBody(IReadOnlyDictionary<string, string> Profile);
