using Ferry.Functions.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Functions.Tests;

/// <summary>The HTTP functions take the function key as the <c>x-functions-key</c> header only: a <c>code=</c> is refused.</summary>
public sealed class QueryKeyTests
{
    [Theory]
    [InlineData("?code=function-key-for-tests")]
    [InlineData("?name=users.csv&code=function-key-for-tests")]
    [InlineData("?code=")]
    public async Task CodeInTheQuery_Is401NamingTheHeader_WithoutQuotingTheKey(string query)
    {
        using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var request = FunctionCalls.Request(services, "GET", "/api/migrations", query);

        var refusal = QueryKeyMiddleware.Refusal(request);

        Assert.NotNull(refusal);
        var answer = await FunctionCalls.AnswerAsync(request, refusal);
        Assert.Equal(401, answer.Status);
        Assert.Contains("x-functions-key", answer.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(FunctionCalls.Key, answer.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?name=users.csv&encoding=utf-8")]
    public void HeaderKey_PassesOn(string query)
    {
        using var services = new ServiceCollection().BuildServiceProvider();

        Assert.Null(QueryKeyMiddleware.Refusal(FunctionCalls.Request(services, "GET", "/api/migrations", query)));
    }
}
