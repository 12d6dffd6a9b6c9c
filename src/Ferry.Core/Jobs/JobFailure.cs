namespace Ferry.Core.Jobs;

/// <summary>
/// A job-level error: the whole job stops before (or instead of) calling Okta. The message names the file and says
/// what to do; it never contains a password, hash or token.
/// </summary>
public sealed record JobFailure(string Code, string Message);
