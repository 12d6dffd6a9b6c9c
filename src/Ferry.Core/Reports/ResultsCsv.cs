using System.Globalization;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Reports;

/// <summary>
/// results.csv: one line per input row, in input order
/// (<c>row,line,login,email,action,status,userId,groups,errorCode,errorSummary,column,attempts</c>; groups separated
/// by <c>;</c>). Never a password, hash or token: outcomes do not hold them.
/// </summary>
public static class ResultsCsv
{
    public static IReadOnlyList<string> Columns { get; } =
        ["row", "line", "login", "email", "action", "status", "userId", "groups", "errorCode", "errorSummary", "column", "attempts"];

    public static IEnumerable<string?> Cells(RowOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return
        [
            outcome.Row.ToString(CultureInfo.InvariantCulture),
            outcome.Line.ToString(CultureInfo.InvariantCulture),
            outcome.Login,
            outcome.Email,
            outcome.Action,
            outcome.Status,
            outcome.UserId,
            string.Join(';', outcome.Groups),
            outcome.ErrorCode,
            outcome.ErrorSummary,
            outcome.Column,
            outcome.Attempts.ToString(CultureInfo.InvariantCulture),
        ];
    }
}
