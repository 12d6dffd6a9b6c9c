namespace Ferry.Core.Auth0;

/// <summary>
/// One input record of a chunk, in input order: where it is, where its user sits in the payload, and the keys that map
/// Auth0's per-user errors back to it (never a hash).
/// </summary>
/// <param name="Row">1-based record number in the file.</param>
/// <param name="Line">The file line the record starts on.</param>
/// <param name="PayloadIndex">0-based index of its user in the payload array; null when the record is invalid.</param>
/// <param name="Email">The email as given (when it could be read).</param>
/// <param name="UserId">The user_id as given, if any.</param>
/// <param name="Username">The username as given, if any.</param>
/// <param name="Error">Why the record is invalid; null when valid.</param>
public sealed record Auth0Record(int Row, int Line, int? PayloadIndex, string? Email, string? UserId, string? Username, Auth0RowError? Error);
