using System.Globalization;
using Azure.Storage.Blobs;

namespace Ferry.Testing.Reliability;

/// <summary>The durability guarantees, checked from the outside: the report and the sandbox's own records.</summary>
public static class RowChecks
{
    /// <summary>
    /// Every input row exactly once in results.csv, in order, all <paramref name="action"/>, each with its own user; the
    /// sandbox holds exactly <paramref name="orgUsers"/> users (default <paramref name="rows"/>: a fresh sandbox) and a
    /// create sent twice was refused by Okta as a duplicate (so nobody was created twice).
    /// </summary>
    public static async Task EveryRowOnceAsync(
        ScenarioReport report,
        BlobServiceClient blobs,
        SandboxHost sandbox,
        string id,
        int rows,
        string action = "created",
        int? orgUsers = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(sandbox);
        var results = await Jobs.ResultsAsync(blobs, id);
        report.Figure("results.csv rows", results.Count);
        report.Check(results.Select(r => r[0]).SequenceEqual(Enumerable.Range(1, rows).Select(i => i.ToString(CultureInfo.InvariantCulture))), $"results.csv does not hold rows 1..{rows} exactly once in order ({results.Count} lines)");
        var wrong = results.Where(r => r[4] != action).ToList();
        report.Check(wrong.Count == 0, $"{wrong.Count} row(s) not '{action}', e.g. {string.Join(" | ", wrong.Take(3).Select(r => string.Join(',', r)))}");
        report.Check(results.Select(r => r[6]).Distinct().Count() == rows, "two rows report the same user id");

        var stats = await sandbox.GetStatsAsync();
        var users = (int)stats["users"]!;
        var retried = stats["createAttemptsByLogin"]!.AsObject();
        var duplicates = (int)stats["duplicateCreates"]!;
        report.Figure("users in the org", users);
        report.Figure("creates sent again (refused by Okta as duplicates)", duplicates);
        report.Check(users == (orgUsers ?? rows), $"the org holds {users} users, expected {orgUsers ?? rows}");
        report.Check(retried.Sum(p => (int)p.Value! - 1) == duplicates, "a login was created more than once");
        report.Check(retried.All(p => results.Any(r => r[2] == p.Key && r[4] == action)), "a retried create is not reported as one row");
    }
}
