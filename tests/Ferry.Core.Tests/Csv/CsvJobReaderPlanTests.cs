using Ferry.Core.Csv;
using Ferry.Core.Jobs;

namespace Ferry.Core.Tests.Csv;

/// <summary>What the plan pass learns: counts, repeated users, group names, first errors, and the job kind's rules.</summary>
public sealed class CsvJobReaderPlanTests
{
    [Fact]
    public async Task PlanAsync_LoginsDifferingOnlyInCaseOrAccents_AreDuplicatesOfTheFirst()
    {
        var text = "login,email,firstName,lastName\n"
            + "josé.lee,jose1@example.com,José,Lee\n"
            + "JOSE.LEE,jose2@example.com,Jose,Lee\n"
            + "Jösé.Lee,jose3@example.com,Jose,Lee\n"
            + "other,jose4@example.com,O,Lee\n";

        var (plan, rows) = await CsvTestFile.ParseAsync(text, settings: CsvPlanSettings.Default with { TargetSliceRows = 1 });

        Assert.Equal(new Dictionary<int, int> { [3] = 2, [4] = 2 }, plan.DuplicateOf);
        Assert.Equal(new RowError(3, "login", 1, "duplicate of line 2 (same login)") { Code = InvalidRowCodes.Duplicate }, rows[1].Error);
        Assert.Equal("duplicate of line 2 (same login)", rows[2].Error!.Message);
        Assert.Null(rows[3].Error);
        Assert.Equal(2, plan.InvalidRowCount);
    }

    [Fact]
    public async Task PlanAsync_SameEmailInAnyCase_IsADuplicateOfTheFirst()
    {
        var text = "login,email,firstName,lastName\nann.lee1,ann@example.com,Ann,Lee\nann.lee2,ANN@Example.com,Ann,Lee\n";

        var (plan, rows) = await CsvTestFile.ParseAsync(text, settings: CsvPlanSettings.Default with { TargetSliceRows = 1 });

        Assert.Equal(new RowError(3, "email", 2, "duplicate of line 2 (same email)") { Code = InvalidRowCodes.Duplicate }, rows[1].Error);
        Assert.Contains(3, plan.DuplicateByEmail);
    }

    [Fact]
    public async Task PlanAsync_NoLoginColumn_TheEmailIsTheLoginAndRepeatsAreSameLogin()
    {
        var text = "email,firstName,lastName\nann@example.com,Ann,Lee\nAnn@Example.com,Ann,Lee\n";

        var (_, rows) = await CsvTestFile.ParseAsync(text);

        Assert.Equal(new RowError(3, "email", 1, "duplicate of line 2 (same login)") { Code = InvalidRowCodes.Duplicate }, rows[1].Error);
    }

    [Fact]
    public async Task PlanAsync_RepeatOfAnInvalidRow_IsNotADuplicate()
    {
        var text = "email,firstName,lastName\nann@example.com,,Lee\nann@example.com,Ann,Lee\n";

        var (plan, rows) = await CsvTestFile.ParseAsync(text);

        Assert.NotNull(rows[0].Error);
        Assert.Null(rows[1].Error);
        Assert.Empty(plan.DuplicateOf);
    }

    [Fact]
    public async Task PlanAsync_LoginThatIsAnotherRowsEmail_IsNotADuplicate()
    {
        var text = "login,email,firstName,lastName\nann.lee,shared@example.com,Ann,Lee\nshared@example.com,bo@example.com,Bo,Li\n";

        var (plan, _) = await CsvTestFile.ParseAsync(text);

        Assert.Equal(0, plan.InvalidRowCount);
    }

    [Fact]
    public async Task PlanAsync_GroupNames_DistinctAcrossValidRowsInOrderOfFirstAppearance()
    {
        var text = "email,firstName,lastName,groups\n"
            + "a@example.com,A,A,\"Sales; All Staff\"\n"
            + "b@example.com,B,B,\"all staff|Support\"\n"
            + "bad-email,C,C,Secret Group\n"
            + "d@example.com,D,D,\"Support, Engineering , ,sales\"\n";

        var (plan, rows) = await CsvTestFile.ParseAsync(text);

        Assert.Equal(["Sales", "All Staff", "Support", "Engineering"], plan.GroupNames);
        Assert.Equal(["Support", "Engineering", "sales"], rows[3].User!.GroupNames);
    }

    [Fact]
    public async Task PlanAsync_MoreDistinctGroupsThanAllowed_FailsTooManyGroups()
    {
        var text = "email,firstName,lastName,groups\n" + string.Concat(Enumerable.Range(0, 4).Select(i => $"u{i}@example.com,A,B,G{i}\n"));

        var failure = await CsvTestFile.PlanFailureAsync(text, settings: CsvPlanSettings.Default with { MaxDistinctGroups = 3 });

        Assert.Equal(CsvFailureCodes.TooManyGroups, failure.Code);
    }

    [Fact]
    public async Task PlanAsync_ManyInvalidRows_KeepsOnlyTheFirstErrors()
    {
        var text = "email,firstName,lastName\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"bad{i}@,A,B\n"));

        var plan = await CsvTestFile.PlanOkAsync(CsvTestFile.Utf8(text));

        Assert.Equal((150, 150, 100), (plan.RowCount, plan.InvalidRowCount, plan.FirstErrors.Count));
        Assert.Equal(Enumerable.Range(2, 100), plan.FirstErrors.Select(e => e.Line));
    }

    [Fact]
    public async Task PlanAsync_ValidFile_PlanRecordsTheKindAndLimit()
    {
        var plan = await CsvTestFile.PlanOkAsync(CsvTestFile.Utf8("login\nann.lee\n"), new JobOptions { Kind = JobKind.Reactivate }, CsvPlanSettings.Default with { MaxRecordChars = 4096 });

        Assert.Equal((JobKind.Reactivate, 4096), (plan.Kind, plan.MaxRecordChars));
        Assert.Equal("users.csv", plan.FileName);
    }

    [Fact]
    public async Task ReadAllAsync_NonSeekableStream_Throws()
    {
        var bytes = CsvTestFile.Utf8("login\nann.lee\n");
        var plan = await CsvTestFile.PlanOkAsync(bytes, new JobOptions { Kind = JobKind.Reactivate });

        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in CsvJobReader.ReadAllAsync(new TrickleStream(bytes, seed: 1), plan, CsvTestFile.Cancel))
            {
            }
        });
    }
}
