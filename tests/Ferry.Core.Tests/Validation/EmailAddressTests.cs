using Ferry.Core.Validation;

namespace Ferry.Core.Tests.Validation;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("bob@example.com")]
    [InlineData("isáàc.bröck@example.com")]
    [InlineData("o'brien+tag@mail.example.co.uk")]
    [InlineData("a_b-c!#$%&*/=?^`{|}~@ex-ample.com")]
    [InlineData("a@b.cd")]
    [InlineData("ユーザー@例え.テスト")]
    public void IsValid_DotAtomAtDottedDomain_IsTrue(string email)
    {
        Assert.True(EmailAddress.IsValid(email));
    }

    [Theory]
    [InlineData("bob@")]
    [InlineData("@example.com")]
    [InlineData("bob@example")]
    [InlineData("bob..lee@example.com")]
    [InlineData(".bob@example.com")]
    [InlineData("bob.@example.com")]
    [InlineData("bob@-example.com")]
    [InlineData("bob@example-.com")]
    [InlineData("bob@exa_mple.com")]
    [InlineData("bob lee@example.com")]
    [InlineData("bob@@example.com")]
    [InlineData("\"bob\"@example.com")]
    [InlineData("")]
    public void IsValid_NotAnAddress_IsFalse(string email)
    {
        Assert.False(EmailAddress.IsValid(email));
    }
}
