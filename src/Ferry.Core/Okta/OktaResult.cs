using System.Diagnostics.CodeAnalysis;

namespace Ferry.Core.Okta;

/// <summary>A call's value or its <see cref="OktaFailure"/>, and how many HTTP attempts it took.</summary>
public readonly record struct OktaResult<T>(T? Value, OktaFailure? Failure, int Attempts)
{
    [MemberNotNullWhen(true, nameof(Failure))]
    public bool Failed => Failure is not null;
}
