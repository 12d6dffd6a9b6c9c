namespace Ferry.Core.Auth0Api;

/// <summary>One of Auth0's per-user import errors: its code (e.g. <c>DUPLICATED_USER</c>), message and property path.</summary>
public sealed record Auth0ErrorDetail(string Code, string Message, string? Path);
