using System.Diagnostics.CodeAnalysis;

namespace Ferry.Core.Auth0Api;

/// <summary>An Auth0 call's value or its <see cref="Auth0Failure"/>.</summary>
public readonly record struct Auth0Result<T>(T? Value, Auth0Failure? Failure)
{
    [MemberNotNullWhen(true, nameof(Failure))]
    public bool Failed => Failure is not null;

    public static Auth0Result<T> Ok(T value) => new(value, null);

    public static Auth0Result<T> Fail(Auth0Failure failure) => new(default, failure);
}
