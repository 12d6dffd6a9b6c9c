using Ferry.Core.Security;

namespace Ferry.Storage;

/// <summary>
/// A blob name or job id that breaks Ferry's rule reached storage code: refused before any request is sent. Its
/// message names the rule, never the name.
/// </summary>
public sealed class UnsafeBlobNameException : ArgumentException
{
    public UnsafeBlobNameException(NameProblem problem)
        : base(problem?.Message)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Problem = problem;
    }

    public NameProblem Problem { get; }
}
