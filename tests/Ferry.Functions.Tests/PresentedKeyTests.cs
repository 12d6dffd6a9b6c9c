using Ferry.Functions.Api;
using Ferry.Management.Api;
using Microsoft.AspNetCore.Http;

namespace Ferry.Functions.Tests;

/// <summary>The function key a request presented is what the management payload's URIs carry as <c>code=</c>.</summary>
public sealed class PresentedKeyTests
{
    [Theory]
    [InlineData("from-header", "", "from-header")]
    [InlineData("", "?code=from-query", "from-query")]
    [InlineData("from-header", "?code=from-query", "from-header")]
    [InlineData("", "", null)]
    public void Key_ComesFromTheHeaderElseTheQuery(string header, string query, string? expected)
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString(query);
        if (header.Length > 0)
        {
            http.Request.Headers[PresentedKeyMiddleware.Header] = header;
        }

        PresentedKeyMiddleware.Remember(http);

        Assert.Equal(expected, http.Items.TryGetValue(ManagementPayload.PresentedKeyItem, out var key) ? key : null);
    }
}
