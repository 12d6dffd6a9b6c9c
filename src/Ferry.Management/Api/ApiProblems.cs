using Ferry.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Management.Api;

/// <summary>
/// The problem documents (RFC 7807) the API answers bad requests with: each names the rule it applies (a name's
/// <c>rule</c>, the limit a body passed) and quotes nothing of what was sent.
/// </summary>
public static class ApiProblems
{
    public const string InvalidBlobNameTitle = "Invalid blob name";
    public const string InvalidJobIdTitle = "Invalid job id";
    public const string TooLargeTitle = "Request body too large";

    public static ProblemHttpResult Of(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    /// <summary>400: a blob name that breaks <see cref="BlobNames"/>' rule (<c>rule</c>: its code).</summary>
    public static ProblemHttpResult InvalidBlobName(NameProblem problem) => Named(InvalidBlobNameTitle, problem);

    /// <summary>400: an id of the URL that is not a job id (<see cref="JobIds"/>).</summary>
    public static ProblemHttpResult InvalidJobId(NameProblem problem) => Named(InvalidJobIdTitle, problem);

    /// <summary>413: a body over its bound, named in <paramref name="detail"/>.</summary>
    public static ProblemHttpResult TooLarge(string detail) => Of(StatusCodes.Status413PayloadTooLarge, TooLargeTitle, detail);

    private static ProblemHttpResult Named(string title, NameProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return TypedResults.Problem(
            title: title,
            detail: problem.Message,
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["rule"] = problem.Rule });
    }
}
