namespace Ferry.Core.Operations;

/// <summary>
/// A group name from the file and what it resolved to: an Okta id, nothing to do (Everyone, which holds every user
/// already), or the error rows naming it will carry.
/// </summary>
public sealed record ResolvedGroup(string Name, string? Id, bool AlreadyImplied, string? ErrorCode, string? ErrorSummary, bool Created = false, bool WouldCreate = false);
