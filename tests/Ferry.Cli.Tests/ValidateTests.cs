namespace Ferry.Cli.Tests;

/// <summary><c>ferry validate</c>: offline, the job's reader and rules, every error line, a summary by code, exit codes.</summary>
public sealed class ValidateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ferry-cli-validate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Validate_CleanOktaFile_SummaryOnlyAndExit0()
    {
        var run = await ValidateAsync("good.csv", "email,firstName,lastName,groups\nann@example.com,Ann,Lee,Sales\nbob@example.com,Bob,Lee,\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["good.csv: 2 rows, 2 valid, 0 invalid (okta)"], run.Lines);
    }

    [Fact]
    public async Task Validate_OktaFileWithInvalidRows_EveryErrorAsFileLineColumnCode_SummaryByCode_Exit1()
    {
        var run = await ValidateAsync(
            "bad.csv",
            "login,email,firstName,lastName\nann.lee,ann@example.com,Ann,Lee\nbob.lee,bob@,Bob,Lee\nann.lee,x@example.com,Ann,Lee\ncat.lee,cat@example.com,,Lee\ndan.lee,dan@,Dan,Lee\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [
                "bad.csv:3:2 invalid-email email: 'bob@' is not a valid email address",
                "bad.csv:4:1 duplicate login: duplicate of line 2 (same login)",
                "bad.csv:5:3 missing firstName: firstName is empty; Okta requires it",
                "bad.csv:6:2 invalid-email email: 'dan@' is not a valid email address",
                "bad.csv: 5 rows, 1 valid, 4 invalid (okta)",
                "  invalid-email        2",
                "  duplicate            1",
                "  missing              1",
            ],
            run.Lines);
    }

    [Fact]
    public async Task Validate_MoreThanAHundredInvalidRows_ListsEveryOne()
    {
        var rows = string.Concat(Enumerable.Range(0, 250).Select(i => $"user{i}@,U,{i}\n"));

        var run = await ValidateAsync("many.csv", "email,firstName,lastName\n" + rows);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(250, run.Lines.Count(l => l.StartsWith("many.csv:", StringComparison.Ordinal) && l.Contains(" invalid-email ", StringComparison.Ordinal)));
        Assert.Equal("many.csv:251:1 invalid-email email: 'user249@' is not a valid email address", run.Lines[249]);
        Assert.Contains("  invalid-email        250", run.Lines);
    }

    [Fact]
    public async Task Validate_OktaFileThatFailsWhole_Exit2WithTheCode()
    {
        var run = await ValidateAsync("columns.csv", "mail,first,last\na@example.com,A,B\n");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("columns.csv: unknown-columns 'columns.csv' has columns Ferry does not recognise", run.Lines[0], StringComparison.Ordinal);
        Assert.Equal("columns.csv: the whole file fails (okta): unknown-columns", run.Lines[^1]);
    }

    [Fact]
    public async Task Validate_OptionsAreTheJobsOptions_IgnoreUnknownColumnsMakesTheFileClean()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "extra.csv"), "email,firstName,lastName,shoeSize\na@example.com,A,B,42\n", TestContext.Current.CancellationToken);

        var run = await FerryCli.RunAsync(["validate", "extra.csv", "--option", "ignoreUnknownColumns=true"], null, _folder);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["extra.csv: 1 rows, 1 valid, 0 invalid (okta)"], run.Lines);
    }

    [Fact]
    public async Task Validate_Auth0Csv_UsesAuth0Rules_Exit1()
    {
        var run = await ValidateAsync(
            "auth0.csv",
            "email,email_verified,given_name\na@example.com,true,Ann\nb@example,true,Bob\nc@example.com,maybe,Cat\na@example.com,false,Ann\n",
            "--target",
            "auth0");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [
                "auth0.csv:3:1 invalid-email email is not a valid email address",
                "auth0.csv:4:2 invalid-type email_verified must be true or false (yes/no, 1/0)",
                "auth0.csv:5:1 duplicate duplicate of line 2: the same email as the user there",
                "auth0.csv: 4 rows, 1 valid, 3 invalid (auth0)",
                "  duplicate            1",
                "  invalid-email        1",
                "  invalid-type         1",
            ],
            run.Lines);
    }

    [Fact]
    public async Task Validate_Auth0CsvClean_Exit0()
    {
        var run = await ValidateAsync("auth0-good.csv", "email,given_name\na@example.com,Ann\n", "--option", "target=auth0");

        Assert.Equal(0, run.ExitCode); // a warning does not change the exit code
        Assert.Equal(
            [
                "auth0-good.csv: 1 rows, 1 valid, 0 invalid (auth0)",
                "auth0-good.csv: warning: 'auth0-good.csv' has no email_verified column: Auth0 imports every user with email_verified=false, and each is asked to verify their address. Add email_verified=true for the addresses you have verified.",
            ],
            run.Lines);
    }

    [Fact]
    public async Task Validate_NdjsonFile_IsAuth0ByItsExtension()
    {
        var run = await ValidateAsync("users.ndjson", "{\"email\":\"a@example.com\",\"email_verified\":\"yes\"}\n{\"email\":\"b@example.com\"}\n{\"email\":\"b@example.com\"}\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [
                "users.ndjson:1:1 invalid-type email_verified must be true or false",
                "users.ndjson:3:1 duplicate duplicate of line 2: the same email as the user there",
                "users.ndjson: 3 rows, 1 valid, 2 invalid (auth0)",
                "  duplicate            1",
                "  invalid-type         1",
                "users.ndjson: warning: 'users.ndjson': 1 user(s) have no email_verified: Auth0 imports them with email_verified=false, and each is asked to verify their address. Set email_verified=true for the addresses you have verified.",
            ],
            run.Lines);
    }

    [Fact]
    public async Task Validate_BrokenJson_Exit2()
    {
        var run = await ValidateAsync("broken.json", "[{\"email\":\"a@example.com\"},");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [
                "broken.json: malformed-json broken.json:1:28: the file ends before the array's closing ']'. Fix the file and upload it again.",
                "broken.json: the whole file fails (auth0): malformed-json",
            ],
            run.Lines);
    }

    [Fact]
    public async Task Validate_MissingFile_Exit66()
    {
        var run = await FerryCli.RunAsync(["validate", "nothing-here.csv"], null, _folder);

        Assert.Equal(66, run.ExitCode);
        Assert.Contains("cannot read nothing-here.csv", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate", "x.csv", "--option", "colour=blue")]
    [InlineData("validate", "x.csv", "--option", "noequals")]
    [InlineData("validate", "x.csv", "--target", "ldap")]
    [InlineData("validate")]
    [InlineData("frobnicate")]
    [InlineData("migrate")]
    public async Task Usage_BadArgumentsOrOptions_Exit64(params string[] args)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "x.csv"), "email,firstName,lastName\na@example.com,A,B\n", TestContext.Current.CancellationToken);

        var run = await FerryCli.RunAsync(args, null, _folder);

        Assert.Equal(64, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.NotEmpty(run.Stderr);
    }

    [Fact]
    public async Task Help_ListsEveryCommand_Exit0()
    {
        var run = await FerryCli.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "validate", "migrate", "status", "list", "report", "approve", "terminate", "rerun-failed", "undo" })
        {
            Assert.Contains($"  {command} ", run.Stdout, StringComparison.Ordinal);
        }
    }

    private async Task<CliRun> ValidateAsync(string name, string content, params string[] more)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, name), content, TestContext.Current.CancellationToken);
        return await FerryCli.RunAsync(["validate", name, .. more], null, _folder);
    }
}
