using Ferry.Sandbox.Search;

namespace Ferry.Sandbox.Tests.Search;

public sealed class SearchParserTests
{
    [Fact]
    public void And_BindsTighterThanOr()
    {
        Assert.True(SearchParser.TryParse("a eq \"1\" or b eq \"2\" and c eq \"3\"", out var expression));

        var or = Assert.IsType<SearchLogical>(expression);
        Assert.False(or.IsAnd);
        Assert.Equal(new SearchComparison("a", "eq", "1"), or.Left);
        Assert.True(Assert.IsType<SearchLogical>(or.Right).IsAnd);
    }

    [Fact]
    public void OperatorsAndLogicalWords_AreCaseInsensitive_AttributeNamesAreNot()
    {
        Assert.True(SearchParser.TryParse("profile.Login EQ \"x\" AND status Eq \"ACTIVE\"", out var expression));

        var and = Assert.IsType<SearchLogical>(expression);
        Assert.Equal(new SearchComparison("profile.Login", "eq", "x"), and.Left);
    }

    [Fact]
    public void EscapedQuotes_AreUnescaped()
    {
        Assert.True(SearchParser.TryParse("profile.lastName eq \"bob\\\"smith\"", out var expression));

        Assert.Equal(new SearchComparison("profile.lastName", "eq", "bob\"smith"), expression);
    }

    [Fact]
    public void Present_TakesNoValue()
    {
        Assert.True(SearchParser.TryParse("profile.mobilePhone pr", out var expression));

        Assert.Equal(new SearchComparison("profile.mobilePhone", "pr", null), expression);
    }

    [Fact]
    public void Timestamps_CompareAsInstants()
    {
        Assert.True(SearchParser.TryParse("lastUpdated gt \"2014-01-01T00:00:00.000Z\"", out var expression));

        Assert.True(expression!.Matches(_ => ["2015-06-01T10:00:00.000Z"], caseSensitiveValues: false));
        Assert.False(expression.Matches(_ => ["2013-06-01T10:00:00.000Z"], caseSensitiveValues: false));
    }

    [Theory]
    [InlineData("")]
    [InlineData("status")]
    [InlineData("status eq")]
    [InlineData("status eq \"A\" or")]
    [InlineData("(status eq \"A\"")]
    [InlineData("status eq \"A\")")]
    [InlineData("status like \"A\"")]
    public void Malformed_DoesNotParse(string text)
    {
        Assert.False(SearchParser.TryParse(text, out _));
    }
}
