using Ferry.Core.Jobs;

namespace Ferry.Core.Tests;

public sealed class JobOptionsTests
{
    [Fact]
    public void Defaults_AreTheSafeOnes()
    {
        var options = new JobOptions();

        Assert.Equal(JobKind.Import, options.Kind);
        Assert.Equal(ActivationMode.None, options.Activation);
        Assert.Equal(ExistingUserPolicy.AddGroups, options.ExistingUsers);
        Assert.True(options.CreateMissingGroups);
        Assert.False(options.DryRun);
        Assert.False(options.IgnoreUnknownColumns);
        Assert.False(options.FailOnInvalidRows);
        Assert.False(options.ExpirePasswordOnFirstLogin);
    }

    [Fact]
    public void Parse_ReadsEveryWireName_CaseInsensitively()
    {
        var (options, errors) = JobOptions.Parse(
            new Dictionary<string, string?>
            {
                ["KIND"] = "assign-groups",
                ["activation"] = "Activate-With-Email",
                ["existingUsers"] = "update",
                ["createMissingGroups"] = "false",
                ["dryRun"] = "true",
                ["ignoreUnknownColumns"] = "true",
                ["failOnInvalidRows"] = "true",
                ["nextLogin"] = "changePassword",
                ["sendEmail"] = "false",
                ["requireApproval"] = "true",
                ["deleteInputOnSuccess"] = "true",
            },
            strict: true);

        Assert.Empty(errors);
        Assert.Equal(
            new JobOptions
            {
                Kind = JobKind.AssignGroups,
                Activation = ActivationMode.ActivateWithEmail,
                ExistingUsers = ExistingUserPolicy.Update,
                CreateMissingGroups = false,
                DryRun = true,
                IgnoreUnknownColumns = true,
                FailOnInvalidRows = true,
                ExpirePasswordOnFirstLogin = true,
                SendEmail = false,
                RequireApproval = true,
                DeleteInputOnSuccess = true,
            },
            options);
    }

    [Fact]
    public void Parse_RoundTripsToWire()
    {
        var original = new JobOptions { Kind = JobKind.UpdateProfiles, ExistingUsers = ExistingUserPolicy.Skip, DryRun = true };

        var (parsed, errors) = JobOptions.Parse(original.ToWire()!, strict: true);

        Assert.Empty(errors);
        Assert.Equal(original, parsed);
    }

    [Theory]
    [InlineData("kind", "delete-everyone", "kind must be one of import, reactivate, assign-groups, update-profiles, undo, not 'delete-everyone'")]
    [InlineData("dryRun", "yes", "dryRun must be true or false, not 'yes'")]
    [InlineData("colour", "blue", "'colour' is not an option")]
    public void Parse_InvalidValues_AreNamedErrors(string name, string value, string expected)
    {
        var (options, errors) = JobOptions.Parse(new Dictionary<string, string?> { [name] = value }, strict: true);

        Assert.Null(options);
        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotStrict_SkipsUnknownNames()
    {
        var (options, errors) = JobOptions.Parse(new Dictionary<string, string?> { ["uploadedBy"] = "jane", ["kind"] = "reactivate" }, strict: false);

        Assert.Empty(errors);
        Assert.Equal(JobKind.Reactivate, options!.Kind);
    }

    [Fact]
    public void Parse_ExpiringPasswordsWithoutActivation_IsAnError()
    {
        var (options, errors) = JobOptions.Parse(new Dictionary<string, string?> { ["nextLogin"] = "changePassword" }, strict: true);

        Assert.Null(options);
        Assert.Contains("activation", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UndoKind_IsAcceptedForOktaAndAuth0_WithApproval()
    {
        var (okta, oktaErrors) = JobOptions.Parse([KeyValuePair.Create("kind", (string?)"undo"), KeyValuePair.Create("requireApproval", (string?)"true")], strict: true);
        var (auth0, auth0Errors) = JobOptions.Parse([KeyValuePair.Create("kind", (string?)"undo"), KeyValuePair.Create("target", (string?)"auth0"), KeyValuePair.Create("requireApproval", (string?)"true")], strict: true);

        Assert.Empty(oktaErrors);
        Assert.Equal(JobKind.Undo, okta!.Kind);
        Assert.Empty(auth0Errors);
        Assert.Equal("undo", auth0!.ToWire()["kind"]);
    }

    [Theory]
    [InlineData("Username-Password-Authentication")]
    [InlineData("con_0123456789abcdef")]
    public void Parse_Connection_TakesANameOrId(string connection)
    {
        var (options, errors) = JobOptions.Parse(new Dictionary<string, string?> { ["target"] = "auth0", ["connection"] = connection }, strict: true);

        Assert.Empty(errors);
        Assert.Equal(connection, options!.Connection);
    }

    [Theory]
    [InlineData("db\r\nx-ms-meta-evil: 1")]   // a header of its own once stored as blob metadata
    [InlineData("db\u0000")]
    [InlineData("Üsers")]
    [InlineData("a b")]
    public void Parse_Connection_RefusesWhatCouldNotBeOne(string connection)
    {
        var (options, errors) = JobOptions.Parse(new Dictionary<string, string?> { ["target"] = "auth0", ["connection"] = connection }, strict: true);

        Assert.Null(options);
        Assert.Contains(errors, e => e.StartsWith("connection must be", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_Connection_IsAtMost128Characters()
    {
        var (_, errors) = JobOptions.Parse(new Dictionary<string, string?> { ["target"] = "auth0", ["connection"] = new string('a', 129) }, strict: true);

        Assert.Single(errors);
    }
}
