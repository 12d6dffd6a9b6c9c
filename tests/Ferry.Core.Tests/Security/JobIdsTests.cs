using Ferry.Core.Security;

namespace Ferry.Core.Tests.Security;

public sealed class JobIdsTests
{
    [Theory]
    [InlineData("users-3f9a1c2b7d4e")]
    [InlineData("users-3f9a1c2b7d4e-rerun1")]
    [InlineData("users-3f9a1c2b7d4e-undo2")]
    [InlineData("job_1")]
    [InlineData("a")]
    public void JobIds_Pass(string id)
    {
        Assert.Null(JobIds.Check(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../x")]
    [InlineData("..%2Fx")]
    [InlineData("a/../../b")]
    [InlineData("a\\..\\b")]
    [InlineData("users-3f9a1c2b7d4e:rows:0")]          // an Auth0 chunk
    [InlineData("users-3f9a1c2b7d4e:groups:rows")]     // a groups phase
    [InlineData("users-3f9a1c2b7d4e:dry-run:3")]       // a lane
    [InlineData("@ratelimitbudget@acme.okta.com|users")] // an entity
    [InlineData("users\u0000")]
    [InlineData("users\r\nx")]
    [InlineData("us\u0435rs")]                          // Cyrillic e
    [InlineData("users\uFF0Dx")]                        // full-width hyphen
    [InlineData("users 1")]
    public void OtherIds_AreRefused_NamingTheRule(string? id)
    {
        var problem = JobIds.Check(id);

        Assert.NotNull(problem);
        Assert.Equal("job-id", problem.Rule);
    }

    [Fact]
    public void Length_IsBounded()
    {
        Assert.True(JobIds.IsValid(new string('a', JobIds.MaxLength)));
        Assert.False(JobIds.IsValid(new string('a', JobIds.MaxLength + 1)));
    }
}
