using Ferry.Core.Validation;

namespace Ferry.Core.Tests.Validation;

public sealed class OktaProfileRulesTests
{
    [Theory]
    [InlineData("login", 5, 100)]
    [InlineData("email", 5, 100)]
    [InlineData("firstName", 1, 50)]
    [InlineData("lastName", 1, 50)]
    [InlineData("secondEmail", 5, 100)]
    [InlineData("mobilePhone", 0, 100)]
    [InlineData("primaryPhone", 0, 100)]
    [InlineData("streetAddress", 0, 1024)]
    [InlineData("city", 0, 128)]
    [InlineData("state", 0, 128)]
    [InlineData("zipCode", 0, 50)]
    [InlineData("countryCode", 0, 2)]
    [InlineData("postalAddress", 0, 4096)]
    [InlineData("department", 0, 1024)]
    [InlineData("aCustomAttribute", 0, 1024)]
    public void For_Attribute_HasOktasLimits(string attribute, int min, int max)
    {
        var rule = OktaProfileRules.For(attribute);

        Assert.Equal((attribute, min, max), (rule.Name, rule.MinLength, rule.MaxLength));
    }

    [Fact]
    public void DefaultAttributes_AreOktasThirtyOne()
    {
        Assert.Equal(31, OktaProfileRules.DefaultAttributes.Count);
        Assert.Equal(["email", "secondEmail"], OktaProfileRules.DefaultAttributes.Where(a => a.IsEmail).Select(a => a.Name));
    }
}
