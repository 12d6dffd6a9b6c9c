namespace Ferry.Sandbox.Users;

/// <summary>A default profile attribute with the constraints Okta's spec gives it (<c>UserProfile</c> schema).</summary>
public sealed record ProfileAttribute(string Name, bool Required = false, int? MinLength = null, int? MaxLength = null, bool Email = false);
