namespace Ferry.Core.Security;

/// <summary>
/// Why a name was refused: <see cref="Rule"/> is a stable code (<c>dot-segment</c>, <c>job-id</c>, …) that the API's
/// problem documents carry as <c>rule</c>; <see cref="Message"/> says the rule in words and never quotes the name.
/// </summary>
public sealed record NameProblem(string Rule, string Message);
