namespace Ferry.Core.Auth0;

/// <summary>A record that repeats an earlier valid record's email, user_id or username, found by the plan pass.</summary>
/// <param name="Row">The repeating record's row number.</param>
/// <param name="Key">The repeated field: <c>email</c>, <c>user_id</c> or <c>username</c>.</param>
/// <param name="FirstLine">The line of the earlier record that has the same value.</param>
public sealed record Auth0Duplicate(int Row, string Key, int FirstLine);
