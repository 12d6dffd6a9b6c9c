using System.Text;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;

namespace Ferry.Core.Tests.Csv;

/// <summary>Plans CSV text or bytes and reads the rows back, through every slice read separately from its exact byte range.</summary>
internal static class CsvTestFile
{
    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] WithPreamble(Encoding encoding, string text) => [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];

    public static Task<CsvPlanResult> PlanAsync(byte[] bytes, JobOptions? options = null, CsvPlanSettings? settings = null, string fileName = "users.csv") =>
        CsvJobReader.PlanAsync(new MemoryStream(bytes, writable: false), fileName, options ?? new JobOptions(), settings ?? CsvPlanSettings.Default, Cancel);

    public static Task<CsvPlanResult> PlanAsync(string text, JobOptions? options = null, CsvPlanSettings? settings = null) =>
        PlanAsync(Utf8(text), options, settings);

    public static async Task<CsvPlan> PlanOkAsync(byte[] bytes, JobOptions? options = null, CsvPlanSettings? settings = null)
    {
        var result = await PlanAsync(bytes, options, settings);
        Assert.True(result.Plan is not null, $"the plan failed: {result.Failure}");
        return result.Plan;
    }

    public static async Task<JobFailure> PlanFailureAsync(byte[] bytes, JobOptions? options = null, CsvPlanSettings? settings = null)
    {
        var result = await PlanAsync(bytes, options, settings);
        Assert.True(result.Failure is not null, "the plan succeeded");
        Assert.Null(result.Plan);
        return result.Failure;
    }

    public static Task<JobFailure> PlanFailureAsync(string text, JobOptions? options = null, CsvPlanSettings? settings = null) =>
        PlanFailureAsync(Utf8(text), options, settings);

    /// <summary>Reads every slice from its own byte range (a trickling, non-seekable stream), as a worker would.</summary>
    public static async Task<List<ParsedRow>> ReadSlicesAsync(byte[] bytes, CsvPlan plan, int seed = 1)
    {
        var rows = new List<ParsedRow>();
        foreach (var slice in plan.Slices)
        {
            var range = new TrickleStream(bytes, (int)slice.StartByte, (int)(slice.EndByte - slice.StartByte), seed + slice.Index, maxRead: 1 + (seed % 50));
            await foreach (var row in CsvJobReader.ReadSliceAsync(range, plan, slice, Cancel))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    public static async Task<List<ParsedRow>> ReadAllAsync(byte[] bytes, CsvPlan plan)
    {
        var rows = new List<ParsedRow>();
        await foreach (var row in CsvJobReader.ReadAllAsync(new MemoryStream(bytes, writable: false), plan, Cancel))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Plans the file and reads its rows through the slices; checks that the two passes agree.</summary>
    public static async Task<(CsvPlan Plan, List<ParsedRow> Rows)> ParseAsync(byte[] bytes, JobOptions? options = null, CsvPlanSettings? settings = null)
    {
        var plan = await PlanOkAsync(bytes, options, (settings ?? CsvPlanSettings.Default) with { MaxFirstErrors = int.MaxValue });
        var rows = await ReadSlicesAsync(bytes, plan);
        AssertAgrees(plan, rows);
        return (plan, rows);
    }

    public static Task<(CsvPlan Plan, List<ParsedRow> Rows)> ParseAsync(string text, JobOptions? options = null, CsvPlanSettings? settings = null) =>
        ParseAsync(Utf8(text), options, settings);

    /// <summary>The rows of a file that has to plan, for row-rule tests.</summary>
    public static async Task<List<ParsedRow>> RowsAsync(string text, JobKind kind = JobKind.Import) =>
        (await ParseAsync(text, new JobOptions { Kind = kind })).Rows;

    /// <summary>The one row of a header-and-one-row file.</summary>
    public static async Task<ParsedRow> RowAsync(string text, JobKind kind = JobKind.Import) => Assert.Single(await RowsAsync(text, kind));

    /// <summary>A row as comparable text: numbers, login, email, error, and the user's profile, password kind and groups.</summary>
    public static string Describe(ParsedRow row)
    {
        var user = row.User is null
            ? "-"
            : string.Join(";", row.User.Profile.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))
              + $" password={row.User.Password?.GetType().Name} groups={string.Join("|", row.User.GroupNames)} ids={string.Join("|", row.User.GroupIds)}";
        return $"{row.Row}@{row.Line} {row.Login} {row.Email} [{row.Error}] {user}";
    }

    /// <summary>The slice reads agree with the plan pass: counts, errors (all of them, in order) and numbering.</summary>
    public static void AssertAgrees(CsvPlan plan, List<ParsedRow> rows)
    {
        Assert.Equal(plan.RowCount, rows.Count);
        Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r.Row));
        Assert.Equal(plan.InvalidRowCount, rows.Count(r => r.Error is not null));
        Assert.Equal(plan.FirstErrors, rows.Where(r => r.Error is not null).Select(r => r.Error!).Take(plan.FirstErrors.Count));
        Assert.All(rows, r => Assert.True((r.User is null) != (r.Error is null), $"row {r.Row} has both or neither of a user and an error"));
        Assert.All(rows.Where(r => r.User is not null), r => Assert.Equal((r.Row, r.Line), (r.User!.Row, r.User.Line)));
        Assert.Equal(plan.Slices.Sum(s => s.RowCount), plan.RowCount);
        for (var i = 0; i < plan.Slices.Count; i++)
        {
            var slice = plan.Slices[i];
            Assert.Equal(i, slice.Index);
            Assert.True(slice.RowCount > 0);
            Assert.True(slice.StartByte < slice.EndByte);
            if (i > 0)
            {
                Assert.Equal(plan.Slices[i - 1].EndByte, slice.StartByte);
            }

            var first = rows.Single(r => r.Row == slice.FirstRow);
            Assert.Equal(slice.FirstLine, first.Line);
        }
    }
}
