using Ferry.Core.Jobs;
using Ferry.Core.Okta.OAuth;

namespace Ferry.Core.Tests.Okta.OAuth;

/// <summary>The scopes a job asks for derive from its kind; a dry run asks for reads only (docs/okta-auth.md).</summary>
public sealed class OktaScopesTests
{
    [Theory]
    [InlineData(JobKind.Import, false, "okta.groups.manage okta.users.manage")]
    [InlineData(JobKind.Reactivate, false, "okta.users.manage")]
    [InlineData(JobKind.AssignGroups, false, "okta.groups.manage okta.users.read")]
    [InlineData(JobKind.UpdateProfiles, false, "okta.users.manage")]
    [InlineData(JobKind.Undo, false, "okta.groups.manage okta.users.manage")]
    [InlineData(JobKind.Import, true, "okta.groups.read okta.users.read")]
    [InlineData(JobKind.Reactivate, true, "okta.users.read")]
    [InlineData(JobKind.UpdateProfiles, true, "okta.users.read")]
    [InlineData(JobKind.Undo, true, "okta.groups.read okta.users.read")]
    public void For_TheJobsKind_ReadsOnlyForADryRun(JobKind kind, bool dryRun, string expected)
    {
        var scopes = OktaScopes.For(new JobOptions { Kind = kind, DryRun = dryRun });

        Assert.Equal(expected, string.Join(' ', scopes.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void For_TheDryRunPassOfAnApprovalJob_IsReadsOnly() =>
        Assert.Equal([OktaScopes.UsersRead, OktaScopes.GroupsRead], OktaScopes.For(new JobOptions { Kind = JobKind.Import }, dryRun: true));
}
