using Ferry.Core.Validation;

namespace Ferry.Core.Tests.Validation;

public sealed class IdentityKeysTests
{
    [Theory]
    [InlineData("josé.lee@example.com", "JOSE.LEE@EXAMPLE.COM")]
    [InlineData("Zoë", "ZOE")]
    [InlineData("plain", "PLAIN")]
    public void NormalizeLogin_Login_DropsCaseAndDiacritics(string login, string expected)
    {
        Assert.Equal(expected, IdentityKeys.NormalizeLogin(login));
    }

    [Fact]
    public void Login_CaseAndAccentVariants_HaveOneKey()
    {
        Assert.Equal(IdentityKeys.Login("josé.lee@example.com"), IdentityKeys.Login("JOSE.Lee@Example.com"));
        Assert.NotEqual(IdentityKeys.Login("jose.lee@example.com"), IdentityKeys.Login("jose.lea@example.com"));
    }

    [Fact]
    public void Email_CaseVariantsHaveOneKey_AccentsDoNot()
    {
        Assert.Equal(IdentityKeys.Email("Ann@Example.com"), IdentityKeys.Email("ann@example.COM"));
        Assert.NotEqual(IdentityKeys.Email("josé@example.com"), IdentityKeys.Email("jose@example.com"));
    }

    [Fact]
    public void Login_LongerThanTheStackBuffer_Works()
    {
        var login = new string('a', 1000);

        Assert.Equal(IdentityKeys.Login(login), IdentityKeys.Login(login.ToUpperInvariant()));
    }
}
