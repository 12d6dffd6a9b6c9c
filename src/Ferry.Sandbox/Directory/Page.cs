namespace Ferry.Sandbox.Directory;

/// <summary>One page of a list; <see cref="NextCursor"/> is the <c>after</c> value of the next page, null on the last.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
