using System.Text;
using Ferry.Core.Auth0;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;

namespace Ferry.Core.Tests.Csv;

/// <summary>The plan pass's error callback (what <c>ferry validate</c> uses): every row error, past the plan's first ones.</summary>
public sealed class CsvJobReaderErrorCallbackTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlanAsync_OnRowError_GetsEveryErrorInFileOrderWhileThePlanKeepsItsFirst()
    {
        var text = new StringBuilder("login,email,firstName,lastName\n");
        for (var i = 0; i < 150; i++)
        {
            text.Append($"user{i:000},not-an-email-{i},Ann,Lee\n");
        }

        text.Append("valid.one,valid@example.com,Val,Id\nvalid.one,other@example.com,Val,Id\n");
        var errors = new List<RowError>();
        var settings = new CsvPlanSettings { OnRowError = errors.Add };

        var result = await CsvJobReader.PlanAsync(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), "users.csv", new JobOptions(), settings, Cancel);

        Assert.Equal(151, errors.Count);
        Assert.Equal(100, result.Plan!.FirstErrors.Count);
        Assert.Equal(Enumerable.Range(2, 150).Append(153), errors.Select(e => e.Line));
        Assert.All(errors.Take(150), e => Assert.Equal(InvalidRowCodes.InvalidEmail, e.Code));
        Assert.Equal(InvalidRowCodes.Duplicate, errors[^1].Code);
        Assert.Equal(result.Plan.FirstErrors, errors.Take(100));
    }

    [Fact]
    public async Task Auth0PlanAsync_OnRowError_GetsEveryErrorWithItsCode()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 120; i++)
        {
            text.Append($"{{\"email\":\"user{i}@example.com\",\"email_verified\":\"yes\"}}\n");
        }

        var errors = new List<Auth0RowError>();
        var settings = new Auth0PlanSettings { OnRowError = errors.Add };

        var result = await Auth0JobReader.PlanAsync(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), "users.ndjson", new JobOptions { Target = JobTarget.Auth0 }, settings, Cancel);

        Assert.Equal(120, errors.Count);
        Assert.Equal(100, result.Plan!.FirstErrors.Count);
        Assert.Equal(Enumerable.Range(1, 120), errors.Select(e => e.Line));
        Assert.All(errors, e => Assert.Equal(Auth0RowErrorCodes.InvalidType, e.Code));
    }
}
