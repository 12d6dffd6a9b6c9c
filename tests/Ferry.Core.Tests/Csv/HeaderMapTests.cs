using Ferry.Core.Csv;
using Ferry.Core.Jobs;
using Ferry.Core.Validation;

namespace Ferry.Core.Tests.Csv;

public sealed class HeaderMapTests
{
    public static TheoryData<string> DefaultAttributes => [.. OktaProfileRules.DefaultAttributes.Select(a => a.Name)];

    [Fact]
    public void Map_OktaSampleWithSpacesAfterCommas_MapsWithoutHelp()
    {
        var header = Map("login,email, firstName, lastName,password,groupId");

        Assert.Equal(
            [(FieldKind.Profile, "login"), (FieldKind.Profile, "email"), (FieldKind.Profile, "firstName"), (FieldKind.Profile, "lastName"), (FieldKind.Password, null), (FieldKind.GroupIds, null)],
            header.Columns.Select(c => (c.Kind, c.Attribute)));
        Assert.Empty(header.IgnoredHeaders);
        Assert.Equal("firstName", header.Columns[2].Header);
    }

    [Fact]
    public void Map_OktaSampleOfExportedHeaders_MapsWithoutHelp()
    {
        var header = Map("First Name,Last Name,Email Address,Groups");

        Assert.Equal(
            [(FieldKind.Profile, "firstName"), (FieldKind.Profile, "lastName"), (FieldKind.Profile, "email"), (FieldKind.GroupNames, null)],
            header.Columns.Select(c => (c.Kind, c.Attribute)));
    }

    [Theory]
    [MemberData(nameof(DefaultAttributes))]
    public void Match_DefaultAttribute_MapsByItsOwnNameInAnyCase(string attribute)
    {
        Assert.Equal((FieldKind.Profile, attribute), HeaderMap.Match(attribute));
        Assert.Equal((FieldKind.Profile, attribute), HeaderMap.Match(attribute.ToUpperInvariant()));
        Assert.Equal((FieldKind.Profile, attribute), HeaderMap.Match($"profile.{attribute}"));
    }

    [Theory]
    [InlineData("First Name", "firstName")]
    [InlineData("Given Name", "firstName")]
    [InlineData("first_name", "firstName")]
    [InlineData("FIRST-NAME", "firstName")]
    [InlineData("Last Name", "lastName")]
    [InlineData("Surname", "lastName")]
    [InlineData("Family Name", "lastName")]
    [InlineData("Email Address", "email")]
    [InlineData("Mail", "email")]
    [InlineData("E-mail", "email")]
    [InlineData("Primary Email", "email")]
    [InlineData("e.mail", "email")]
    [InlineData("Username", "login")]
    [InlineData("User Name", "login")]
    [InlineData("  login  ", "login")]
    [InlineData("Mobile Phone", "mobilePhone")]
    [InlineData("zip_code", "zipCode")]
    [InlineData("Cost Center", "costCenter")]
    [InlineData("manager id", "managerId")]
    [InlineData("Second Email", "secondEmail")]
    [InlineData("Employee Number", "employeeNumber")]
    public void Match_ProfileAlias_MapsToTheOktaAttribute(string header, string attribute)
    {
        Assert.Equal((FieldKind.Profile, attribute), HeaderMap.Match(header));
    }

    [Theory]
    [InlineData("Groups", FieldKind.GroupNames)]
    [InlineData("Group", FieldKind.GroupNames)]
    [InlineData("Group Names", FieldKind.GroupNames)]
    [InlineData("Group Id", FieldKind.GroupIds)]
    [InlineData("Group Ids", FieldKind.GroupIds)]
    [InlineData("Group Id(s)", FieldKind.GroupIds)]
    [InlineData("groupId", FieldKind.GroupIds)]
    [InlineData("Password", FieldKind.Password)]
    [InlineData("hashAlgorithm", FieldKind.HashAlgorithm)]
    [InlineData("Hash Algorithm", FieldKind.HashAlgorithm)]
    [InlineData("Hash Value", FieldKind.HashValue)]
    [InlineData("salt", FieldKind.Salt)]
    [InlineData("Salt Order", FieldKind.SaltOrder)]
    [InlineData("work_factor", FieldKind.WorkFactor)]
    [InlineData("Iteration Count", FieldKind.IterationCount)]
    [InlineData("Key Size", FieldKind.KeySize)]
    [InlineData("Digest Algorithm", FieldKind.DigestAlgorithm)]
    public void Match_OtherAlias_MapsToItsKind(string header, FieldKind kind)
    {
        Assert.Equal((kind, (string?)null), HeaderMap.Match(header));
    }

    [Theory]
    [InlineData("profile.employeeID", "employeeID")]
    [InlineData("Profile. cost_code ", "cost_code")]
    [InlineData("PROFILE.favouriteColour", "favouriteColour")]
    public void Match_ProfilePrefix_IsACustomAttributeSpelledAsWritten(string header, string attribute)
    {
        Assert.Equal((FieldKind.Profile, attribute), HeaderMap.Match(header));
    }

    [Theory]
    [InlineData("profile.first_name", "firstName")]
    [InlineData("profile.Email", "email")]
    public void Match_ProfilePrefixOnADefaultAttribute_IsThatAttribute(string header, string attribute)
    {
        Assert.Equal((FieldKind.Profile, attribute), HeaderMap.Match(header));
    }

    [Theory]
    [InlineData("Department Code")]
    [InlineData("profile.")]
    [InlineData("Notes")]
    public void Match_UnknownHeader_IsNull(string header)
    {
        Assert.Null(HeaderMap.Match(header));
    }

    [Fact]
    public void Map_UnknownColumns_FailsListingEveryOneAndTheFixes()
    {
        var failure = Fail("email,firstName,lastName,Foo,Bar Baz");

        Assert.Equal(CsvFailureCodes.UnknownColumns, failure.Code);
        Assert.Contains("'Foo', 'Bar Baz'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("profile.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ignoreUnknownColumns=true", failure.Message, StringComparison.Ordinal);
        Assert.Contains("users.csv", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_ManyLongUnknownColumns_QuotesABoundedPartOfThem()
    {
        // A file that is not a user export (a JSON document, a key file) may hold anything in its first line: a
        // message quotes at most ten cells of forty characters, never the line itself.
        var secret = new string('s', 500);
        var headers = "email,firstName,lastName," + string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"masterKey{i}\":\"{secret}\""));

        var failure = Fail(headers);

        Assert.Equal(CsvFailureCodes.UnknownColumns, failure.Code);
        Assert.DoesNotContain(new string('s', FileQuote.MaxChars + 1), failure.Message, StringComparison.Ordinal);
        Assert.Contains("and 40 more", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Message.Length < 1000, $"{failure.Message.Length} characters");
    }

    [Fact]
    public void Map_UnknownColumnsWithIgnoreOption_AreIgnoredAndListed()
    {
        var header = Map("email,Foo,firstName,lastName,Bar", new JobOptions { IgnoreUnknownColumns = true });

        Assert.Equal(["Foo", "Bar"], header.IgnoredHeaders);
        Assert.Equal(FieldKind.Ignored, header.Columns[1].Kind);
    }

    [Fact]
    public void Map_ReactivateWithUnknownColumns_IgnoresThemWithoutTheOption()
    {
        var header = Map("Username,Status,Last Login", new JobOptions { Kind = JobKind.Reactivate });

        Assert.Equal(["Status", "Last Login"], header.IgnoredHeaders);
    }

    [Theory]
    [InlineData(JobKind.Import, "login,email,firstName,lastName,Groups,password,hashValue,profile.x", "")]
    [InlineData(JobKind.Reactivate, "login,email,firstName,Groups,password,profile.x", "firstName|Groups|password|profile.x")]
    [InlineData(JobKind.AssignGroups, "email,firstName,Groups,groupId,password", "firstName|password")]
    [InlineData(JobKind.UpdateProfiles, "login,firstName,profile.x,Groups,password,hashValue", "Groups|password|hashValue")]
    public void Map_JobKind_IgnoresTheRecognisedColumnsItDoesNotUse(JobKind kind, string headers, string ignored)
    {
        var header = Map(headers, new JobOptions { Kind = kind });

        Assert.Equal(ignored, string.Join("|", header.IgnoredHeaders));
    }

    [Fact]
    public void Map_TwoColumnsForOneField_FailsNamingBoth()
    {
        var failure = Fail("email,firstName,E-mail,lastName");

        Assert.Equal(CsvFailureCodes.DuplicateColumns, failure.Code);
        Assert.Contains("'email' (column 1) and 'E-mail' (column 3)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_TwoColumnsForAFieldTheJobIgnores_IsNotAnError()
    {
        var header = Map("login,First Name,Given Name", new JobOptions { Kind = JobKind.Reactivate });

        Assert.Equal(["First Name", "Given Name"], header.IgnoredHeaders);
    }

    [Fact]
    public void Map_EmptyHeaderCell_FailsNamingTheColumnNumber()
    {
        var failure = Fail("email,firstName, ,lastName");

        Assert.Equal(CsvFailureCodes.EmptyHeader, failure.Code);
        Assert.Contains("column 3", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JobKind.Import, "email,firstName", "lastName column (accepted headers: lastName, Last Name, Surname, Family Name)")]
    [InlineData(JobKind.Import, "firstName,lastName,department", "email column (accepted headers: email, Email Address")]
    [InlineData(JobKind.Import, "email,department", "firstName column")]
    [InlineData(JobKind.Reactivate, "firstName,lastName", "login or email column")]
    [InlineData(JobKind.AssignGroups, "Groups", "login or email column")]
    [InlineData(JobKind.AssignGroups, "email,firstName", "group column (accepted headers: Groups")]
    [InlineData(JobKind.UpdateProfiles, "email", "profile attribute column to update")]
    [InlineData(JobKind.UpdateProfiles, "department", "login or email column")]
    public void Map_RequiredColumnMissing_FailsNamingItAndItsHeaders(JobKind kind, string headers, string expected)
    {
        var failure = Fail(headers, new JobOptions { Kind = kind });

        Assert.Equal(CsvFailureCodes.MissingColumn, failure.Code);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JobKind.Import, "login,firstName,lastName")]
    [InlineData(JobKind.Reactivate, "email")]
    [InlineData(JobKind.AssignGroups, "login,groupId")]
    [InlineData(JobKind.UpdateProfiles, "login,email")]
    [InlineData(JobKind.UpdateProfiles, "email,profile.costCode")]
    public void Map_RequiredColumnsPresent_Maps(JobKind kind, string headers)
    {
        Assert.NotNull(Map(headers, new JobOptions { Kind = kind }));
    }

    private static CsvHeader Map(string headers, JobOptions? options = null)
    {
        var result = HeaderMap.Map(headers.Split(','), options ?? new JobOptions(), "users.csv");
        Assert.True(result.Header is not null, $"mapping failed: {result.Failure}");
        return result.Header;
    }

    private static JobFailure Fail(string headers, JobOptions? options = null)
    {
        var result = HeaderMap.Map(headers.Split(','), options ?? new JobOptions(), "users.csv");
        Assert.Null(result.Header);
        return Assert.IsType<JobFailure>(result.Failure);
    }
}
