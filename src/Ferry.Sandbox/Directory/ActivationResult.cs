namespace Ferry.Sandbox.Directory;

/// <summary>The outcome of activate or reactivate: the user after it, and the token when no email was sent.</summary>
public sealed record ActivationResult(DirectoryUser User, bool EmailSent, string? ActivationToken);
