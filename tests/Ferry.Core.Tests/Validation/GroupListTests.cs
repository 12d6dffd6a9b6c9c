using Ferry.Core.Validation;

namespace Ferry.Core.Tests.Validation;

public sealed class GroupListTests
{
    [Theory]
    [InlineData("All Employees, Sales, Northeast", "All Employees|Sales|Northeast")]
    [InlineData("Sales, EMEA;Support", "Sales, EMEA|Support")]
    [InlineData("Sales, EMEA|Support", "Sales, EMEA|Support")]
    [InlineData(" Sales ; ; sales ;SALES; Support ", "Sales|Support")]
    [InlineData("Solo", "Solo")]
    [InlineData(",,", "")]
    public void Split_Cell_SplitsOnSemicolonOrBarElseComma(string cell, string expected)
    {
        Assert.Equal(expected, string.Join("|", GroupList.Split(cell)));
    }

    [Theory]
    [InlineData("00g1emaKYZTWRYYRRTSK", true)]
    [InlineData("00g1emaKYZTWRYYRRTS", false)]
    [InlineData("00g1emaKYZTWRYYRRTSK1", false)]
    [InlineData("00g1emaKYZTWRYYRRTS-", false)]
    [InlineData("00g1emaKYZTWRYYRRTSÄ", false)]
    public void IsOktaId_Text_IsTwentyAsciiLettersAndDigits(string id, bool expected)
    {
        Assert.Equal(expected, GroupList.IsOktaId(id));
    }
}
