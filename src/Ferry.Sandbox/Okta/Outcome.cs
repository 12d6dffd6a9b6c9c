using System.Diagnostics.CodeAnalysis;

namespace Ferry.Sandbox.Okta;

/// <summary>A value or the Okta error that took its place: expected failures are values, not exceptions.</summary>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, OktaError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public OktaError? Error { get; }

    [MemberNotNullWhen(true, nameof(Error))]
    [MemberNotNullWhen(false, nameof(Value))]
    public bool Failed => Error is not null;

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Failure(OktaError error) => new(default, error);

    public static implicit operator Outcome<T>(T value) => Success(value);

    public static implicit operator Outcome<T>(OktaError error) => Failure(error);
}
