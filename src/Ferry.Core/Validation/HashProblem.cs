using Ferry.Core.Csv;

namespace Ferry.Core.Validation;

/// <summary>Why a row's hash columns do not make an Okta <c>PasswordCredentialHash</c>. The message never contains a hash or salt.</summary>
/// <param name="Column">The hash column at fault.</param>
public sealed record HashProblem(FieldKind Column, string Message);
