namespace Ferry.Sandbox.Auth0;

/// <summary>One reason a user of an import was rejected, in Auth0's shape: <c>{code, message, path}</c>.</summary>
public sealed record Auth0ImportError(string Code, string Message, string Path);
