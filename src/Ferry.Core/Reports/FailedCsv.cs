using System.Globalization;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Reports;

/// <summary>
/// failed.csv: the rows that need attention — invalid, failed, or done with an error — with line numbers and logins,
/// enough to rerun them from the original file (<c>line,row,login,email,action,errorCode,errorSummary</c>).
/// </summary>
public static class FailedCsv
{
    public static IReadOnlyList<string> Columns { get; } = ["line", "row", "login", "email", "action", "errorCode", "errorSummary"];

    public static IEnumerable<string?> Cells(RowOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return
        [
            outcome.Line.ToString(CultureInfo.InvariantCulture),
            outcome.Row.ToString(CultureInfo.InvariantCulture),
            outcome.Login,
            outcome.Email,
            outcome.Action,
            outcome.ErrorCode,
            outcome.ErrorSummary,
        ];
    }
}
