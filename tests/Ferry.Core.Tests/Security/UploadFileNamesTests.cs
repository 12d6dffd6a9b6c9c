using Ferry.Core.Security;

namespace Ferry.Core.Tests.Security;

public sealed class UploadFileNamesTests
{
    [Theory]
    [InlineData("users.csv", "users.csv")]
    [InlineData("../../ferry-reports/x.csv", "x.csv")]
    [InlineData("..\\..\\ferry-reports\\x\\summary.json", "summary.json")]
    [InlineData("C:\\Users\\me\\users.csv", "users.csv")]
    [InlineData("a\u2215..\u2215b.csv", "b.csv")]                      // division slash as a separator
    [InlineData("a\uFF0Fb.csv", "b.csv")]                              // full-width solidus
    [InlineData("x/", "upload.csv")]
    [InlineData("..", "upload.csv")]
    [InlineData(".", "upload.csv")]
    [InlineData("\uFF0E\uFF0E", "upload.csv")]
    [InlineData("   ", "upload.csv")]
    [InlineData("", "upload.csv")]
    [InlineData(null, "upload.csv")]
    [InlineData("users.csv.", "users.csv")]
    [InlineData("users.csv . .", "users.csv")]
    [InlineData("evil\r\nSet-Cookie: ferry=x.csv", "evilSet-Cookie: ferry=x.csv")]
    [InlineData("users\u0000.csv", "users.csv")]
    [InlineData("users\u202Evsc.exe", "usersvsc.exe")]
    [InlineData("100%.csv", "100_.csv")]
    [InlineData("users%2e%2e%2fx.csv", "users_2e_2e_2fx.csv")]
    [InlineData("users.csv?x#y", "users.csv_x_y")]
    [InlineData("Q1 \"final\" (copy).csv", "Q1 \"final\" (copy).csv")]
    [InlineData("Ünïcödé 日本.csv", "Ünïcödé 日本.csv")]
    public void Safe_KeepsOnlyAFileName(string? given, string expected)
    {
        var safe = UploadFileNames.Safe(given);

        Assert.Equal(expected, safe);
        Assert.Null(BlobNames.Check(safe));
    }

    [Fact]
    public void Safe_DropsUnpairedSurrogates()
    {
        Assert.Equal("users.csv", UploadFileNames.Safe("users\uD800.csv"));
        Assert.Equal("users.csv", UploadFileNames.Safe("\uDC00users.csv"));
    }

    [Fact]
    public void Safe_IsBounded_KeepingTheExtension()
    {
        var safe = UploadFileNames.Safe(new string('a', 5000) + ".csv");

        Assert.Equal(UploadFileNames.MaxLength, safe.Length);
        Assert.EndsWith("a.csv", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void Safe_NeverSplitsASurrogatePair()
    {
        var safe = UploadFileNames.Safe(new string('a', UploadFileNames.MaxLength - 5) + string.Concat(Enumerable.Repeat("\U0001F600", 10)) + ".csv");

        Assert.Null(BlobNames.Check(safe));
        Assert.EndsWith(".csv", safe, StringComparison.Ordinal);
    }
}
