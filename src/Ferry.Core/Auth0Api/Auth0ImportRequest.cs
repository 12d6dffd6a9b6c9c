namespace Ferry.Core.Auth0Api;

/// <summary>The form fields of <c>POST /api/v2/jobs/users-imports</c> besides the users file.</summary>
/// <param name="SendCompletionEmail">Auth0's default is true (every tenant owner is emailed); Ferry sends false unless a job asks.</param>
public sealed record Auth0ImportRequest(string ConnectionId, bool Upsert, string ExternalId, bool SendCompletionEmail);
