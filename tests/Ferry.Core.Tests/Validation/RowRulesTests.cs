using Ferry.Core.Csv;
using Ferry.Core.Jobs;
using Ferry.Core.Tests.Csv;

namespace Ferry.Core.Tests.Validation;

/// <summary>Every row rule, through the plan pass and the slice reads (which must agree).</summary>
public sealed class RowRulesTests
{
    private const string Header = "login,email,firstName,lastName";

    [Fact]
    public async Task Validate_LoginAndEmailEmpty_IsInvalid()
    {
        var row = await CsvTestFile.RowAsync(Header + "\n ,,Ann,Lee\n");

        Assert.Equal(new RowError(2, "login", 1, "login and email are both empty") { Code = InvalidRowCodes.Missing }, row.Error);
    }

    [Fact]
    public async Task Validate_LoginCellEmpty_TheEmailIsTheLogin()
    {
        var row = await CsvTestFile.RowAsync(Header + "\n,ann@example.com,Ann,Lee\n");

        Assert.Equal(("ann@example.com", "ann@example.com"), (row.User!.Login, row.User.Profile["login"]));
    }

    [Fact]
    public async Task Validate_NoEmailColumnInAnImport_AnEmailShapedLoginIsTheEmail()
    {
        var rows = await CsvTestFile.RowsAsync("login,firstName,lastName\nann@example.com,Ann,Lee\nann.lee,Ann,Lee\n");

        Assert.Equal("ann@example.com", rows[0].User!.Email);
        Assert.Equal(new RowError(3, "login", 1, "email is empty; Okta requires it") { Code = InvalidRowCodes.Missing }, rows[1].Error);
    }

    [Theory]
    [InlineData("ann.lee,ann@example.com,,Lee", "firstName", 3, "firstName is empty; Okta requires it")]
    [InlineData("ann.lee,ann@example.com,Ann,", "lastName", 4, "lastName is empty; Okta requires it")]
    [InlineData("ann.lee,,Ann,Lee", "email", 2, "email is empty; Okta requires it")]
    public async Task Validate_ImportRowWithoutARequiredValue_IsInvalidNamingTheColumn(string cells, string column, int number, string message)
    {
        var row = await CsvTestFile.RowAsync(Header + "\n" + cells + "\n");

        Assert.Equal(new RowError(2, column, number, message) { Code = InvalidRowCodes.Missing }, row.Error);
    }

    [Fact]
    public async Task Validate_UpdateProfilesRowWithoutNames_IsValid()
    {
        var row = await CsvTestFile.RowAsync("login,email,firstName,lastName\nann.lee,,,Lee\n", JobKind.UpdateProfiles);

        Assert.Equal(new Dictionary<string, string> { ["login"] = "ann.lee", ["lastName"] = "Lee" }, row.User!.Profile);
    }

    [Theory]
    [InlineData("bob@")]
    [InlineData("@example.com")]
    [InlineData("bob@example")]
    [InlineData("bob lee@example.com")]
    [InlineData("bob..lee@example.com")]
    public async Task Validate_InvalidEmail_IsInvalidQuotingTheEmail(string email)
    {
        var row = await CsvTestFile.RowAsync(Header + $"\nann.lee,{email},Ann,Lee\n");

        Assert.Equal(new RowError(2, "email", 2, $"'{email}' is not a valid email address") { Code = InvalidRowCodes.InvalidEmail }, row.Error);
        Assert.Equal(email, row.Email);
    }

    [Fact]
    public async Task Validate_InvalidSecondEmail_IsInvalid()
    {
        var row = await CsvTestFile.RowAsync("email,firstName,lastName,secondEmail\nann@example.com,Ann,Lee,ann@home\n");

        Assert.Equal(new RowError(2, "secondEmail", 4, "'ann@home' is not a valid email address") { Code = InvalidRowCodes.InvalidEmail }, row.Error);
    }

    [Fact]
    public async Task Validate_InternationalEmail_IsValid()
    {
        var row = await CsvTestFile.RowAsync("email,firstName,lastName\nisáàc.bröck@exämple.com,Isáàc,Bröck\n");

        Assert.Null(row.Error);
    }

    [Theory]
    [InlineData("abcd", "login 'abcd' is shorter than 5 characters")]
    [InlineData("jsmith01", null)]
    public async Task Validate_Login_NeedsFiveCharactersButNotAnEmailShape(string login, string? message)
    {
        var row = await CsvTestFile.RowAsync(Header + $"\n{login},ann@example.com,Ann,Lee\n");

        Assert.Equal(message, row.Error?.Message);
    }

    [Theory]
    [InlineData("login", 101, "login is longer than 100 characters")]
    [InlineData("firstName", 51, "firstName is longer than 50 characters")]
    [InlineData("lastName", 51, "lastName is longer than 50 characters")]
    [InlineData("mobilePhone", 101, "mobilePhone is longer than 100 characters")]
    [InlineData("primaryPhone", 101, "primaryPhone is longer than 100 characters")]
    [InlineData("streetAddress", 1025, "streetAddress is longer than 1024 characters")]
    [InlineData("city", 129, "city is longer than 128 characters")]
    [InlineData("state", 129, "state is longer than 128 characters")]
    [InlineData("zipCode", 51, "zipCode is longer than 50 characters")]
    [InlineData("countryCode", 3, "countryCode is longer than 2 characters")]
    [InlineData("postalAddress", 4097, "postalAddress is longer than 4096 characters")]
    [InlineData("title", 1025, "title is longer than 1024 characters")]
    [InlineData("profile.costCode", 1025, "costCode is longer than 1024 characters")]
    public async Task Validate_ValueLongerThanOktaAllows_IsInvalid(string column, int length, string message)
    {
        var cells = new Dictionary<string, string> { ["login"] = "ann.lee", ["email"] = "ann@example.com", ["firstName"] = "Ann", ["lastName"] = "Lee" };
        cells[column] = new string('x', length);
        var text = string.Join(",", cells.Keys) + "\n" + string.Join(",", cells.Values) + "\n";

        var row = await CsvTestFile.RowAsync(text);

        Assert.Equal(message, row.Error?.Message);
        Assert.Equal(cells.Keys.ToList().IndexOf(column) + 1, row.Error!.ColumnNumber);
    }

    [Theory]
    [InlineData("countryCode", 2)]
    [InlineData("zipCode", 50)]
    [InlineData("firstName", 50)]
    public async Task Validate_ValueAtOktasLimit_IsValid(string column, int length)
    {
        var text = column == "firstName"
            ? $"email,firstName,lastName\nann@example.com,{new string('x', length)},Lee\n"
            : $"email,firstName,lastName,{column}\nann@example.com,Ann,Lee,{new string('x', length)}\n";

        Assert.Null((await CsvTestFile.RowAsync(text)).Error);
    }

    [Theory]
    [InlineData("\"All Employees, Sales, Northeast\"", "All Employees|Sales|Northeast")]
    [InlineData("\"Sales, EMEA; Support\"", "Sales, EMEA|Support")]
    [InlineData("Sales|Support|sales| |", "Sales|Support")]
    [InlineData("\" Sales ;;SALES; Support\"", "Sales|Support")]
    public async Task Validate_GroupCell_IsSplitTrimmedAndDeduplicated(string cell, string expected)
    {
        var row = await CsvTestFile.RowAsync($"email,firstName,lastName,Groups\nann@example.com,Ann,Lee,{cell}\n");

        Assert.Equal(expected, string.Join("|", row.User!.GroupNames));
    }

    [Fact]
    public async Task Validate_GroupNameLongerThan255_IsInvalid()
    {
        var row = await CsvTestFile.RowAsync($"email,firstName,lastName,Groups\nann@example.com,Ann,Lee,Sales;{new string('g', 256)}\n");

        Assert.Equal(new RowError(2, "Groups", 4, "a group name is longer than 255 characters") { Code = InvalidRowCodes.InvalidGroup }, row.Error);
    }

    [Fact]
    public async Task Validate_GroupIds_AreSplitAndMustBeOktaIds()
    {
        var rows = await CsvTestFile.RowsAsync("email,firstName,lastName,groupId\nann@example.com,Ann,Lee,00g1emaKYZTWRYYRRTSK;00g1emaKYZTWRYYRRTSL\nbo@example.com,Bo,Li,00g1emaKYZTWRYYRRTSK|Sales\n");

        Assert.Equal(["00g1emaKYZTWRYYRRTSK", "00g1emaKYZTWRYYRRTSL"], rows[0].User!.GroupIds);
        Assert.Equal(new RowError(3, "groupId", 4, "'Sales' is not an Okta group id (20 letters and digits, such as 00g1emaKYZTWRYYRRTSK)") { Code = InvalidRowCodes.InvalidGroupId }, rows[1].Error);
    }

    [Fact]
    public async Task Validate_PlainPassword_IsPassedOnWithoutAComplexityCheck()
    {
        var row = await CsvTestFile.RowAsync("email,firstName,lastName,password\nann@example.com,Ann,Lee,abc\n");

        Assert.Equal(new PlainPassword("abc"), row.User!.Password);
        Assert.False(row.User.Profile.ContainsKey("password"));
        Assert.DoesNotContain("abc", row.User.Password!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_PasswordAndHash_IsInvalidWithoutQuotingEither()
    {
        var row = await CsvTestFile.RowAsync("email,firstName,lastName,password,hashAlgorithm,hashValue\nann@example.com,Ann,Lee,Hunter2Secret,MD5,c2VjcmV0SGFzaFZhbHVlMTIzNA==\n");

        Assert.Equal(new RowError(2, "password", 4, "has both a password and a password hash; use one of them") { Code = InvalidRowCodes.PasswordAndHash }, row.Error);
        Assert.DoesNotContain("Hunter2Secret", row.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0SGFzaFZhbHVlMTIzNA", row.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_HashColumns_BecomeAnOktaHash()
    {
        var row = await CsvTestFile.RowAsync("email,firstName,lastName,Hash Algorithm,Hash Value,Salt,Salt Order\nann@example.com,Ann,Lee,sha-256,"
            + Convert.ToBase64String(new byte[32]) + ",c2FsdA==,prefix\n");

        Assert.Equal(new HashedPassword("SHA-256", Convert.ToBase64String(new byte[32]), "c2FsdA==", "PREFIX", null, null, null, null), row.User!.Password);
    }

    [Fact]
    public async Task Validate_WrongHashShape_IsInvalidNamingTheColumnWithoutTheValue()
    {
        var row = await CsvTestFile.RowAsync("email,firstName,lastName,hashAlgorithm,hashValue,workFactor,salt\nann@example.com,Ann,Lee,BCRYPT,SecretValueThatIsTooShort,ten,abcdefghijABCDEFGHIJ./\n");

        Assert.Equal(new RowError(2, "workFactor", 6, "workFactor is not a whole number") { Code = InvalidRowCodes.InvalidHash }, row.Error);
        Assert.DoesNotContain("SecretValue", row.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_StrayQuote_IsMalformedQuoting()
    {
        var row = await CsvTestFile.RowAsync("email,firstName,lastName\nann@example.com,An\"n,Lee\n");

        Assert.Equal("firstName", row.Error!.Column);
        Assert.StartsWith("malformed quoting", row.Error.Message, StringComparison.Ordinal);
        Assert.Equal("ann@example.com", row.Login);
    }

    [Fact]
    public async Task Validate_QuoteNeverClosed_IsMalformedQuotingToTheEndOfTheFile()
    {
        var rows = await CsvTestFile.RowsAsync("email,firstName,lastName\nann@example.com,\"Ann,Lee\nbo@example.com,Bo,Li\n");

        var row = Assert.Single(rows);
        Assert.Equal(new RowError(2, "firstName", 2, "malformed quoting: a quoted field is never closed, so the rest of the file was read into this row") { Code = InvalidRowCodes.MalformedQuoting }, row.Error);
    }

    [Fact]
    public async Task Validate_MoreCellsThanTheHeader_IsInvalid()
    {
        var rows = await CsvTestFile.RowsAsync("email,firstName,lastName\nann@example.com,Ann,Lee,Extra\nbo@example.com,Bo,Li,,\n");

        Assert.Equal(new RowError(2, null, null, "has 4 cells, the header has 3") { Code = InvalidRowCodes.ExtraCells }, rows[0].Error);
        Assert.Null(rows[1].Error);
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0")]
    [InlineData("+SUM(1+1)")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    public async Task Validate_FormulaLikeValue_IsValidData(string value)
    {
        var row = await CsvTestFile.RowAsync($"email,firstName,lastName,title\nann@example.com,Ann,Lee,\"{value}\"\n");

        Assert.Equal(value, row.User!.Profile["title"]);
    }

    [Fact]
    public async Task Validate_AssignGroupsRowWithoutGroups_IsInvalid()
    {
        var rows = await CsvTestFile.RowsAsync("email,Groups\nann@example.com,Sales\nbo@example.com,\n", JobKind.AssignGroups);

        Assert.Null(rows[0].Error);
        Assert.Equal(new RowError(3, "Groups", 2, "has no groups to assign") { Code = InvalidRowCodes.NoGroups }, rows[1].Error);
    }

    [Fact]
    public async Task Validate_UpdateProfilesRowWithNothingToUpdate_IsInvalid()
    {
        var rows = await CsvTestFile.RowsAsync("email,department\nann@example.com,Sales\nbo@example.com,\n", JobKind.UpdateProfiles);

        Assert.Null(rows[0].Error);
        Assert.Equal(new RowError(3, null, null, "has no profile values to update") { Code = InvalidRowCodes.NoUpdates }, rows[1].Error);
    }

    [Fact]
    public async Task Validate_ReactivateRow_KeepsOnlyLoginAndEmail()
    {
        var row = await CsvTestFile.RowAsync("Username,First Name,Status\nann.lee,Ann,DEPROVISIONED\n", JobKind.Reactivate);

        Assert.Equal(new Dictionary<string, string> { ["login"] = "ann.lee" }, row.User!.Profile);
    }

    [Theory]
    [InlineData("A\0n", "U+0000")]
    [InlineData("\u001b[31mAnn", "U+001B")]
    [InlineData("Ann\u007f", "U+007F")]
    public async Task Validate_ControlCharacterInACell_IsInvalidNamingTheColumn(string firstName, string code)
    {
        // Far enough into the file that the binary check of its start does not see it.
        var filler = string.Concat(Enumerable.Range(0, 300).Select(i => $"u{i}@example.com,Filler,Row\n"));
        var rows = await CsvTestFile.RowsAsync($"email,firstName,lastName\n{filler}ann@example.com,{firstName},Lee\nbo@example.com,\"Bo\tB\r\nLi\",Li\n");

        Assert.Equal(new RowError(302, "firstName", 2, $"contains a control character ({code}); check that the file is a text export") { Code = InvalidRowCodes.ControlCharacter }, rows[300].Error);
        Assert.Null(rows[301].Error);
    }

    [Fact]
    public async Task Validate_QuoteNeverClosedInTheLoginCell_TheRowReportsNoLoginOrEmail_NotTheSwallowedSecrets()
    {
        var rows = await CsvTestFile.RowsAsync(Header + ",password\n\"ann,ann@example.com,Ann,Lee,Secret-One-1\nbo,bo@example.com,Bo,Li,Secret-Two-2\n");

        var row = Assert.Single(rows);
        Assert.Equal((null, null), (row.Login, row.Email));
        Assert.Equal(new RowError(2, "login", 1, "malformed quoting: a quoted field is never closed, so the rest of the file was read into this row") { Code = InvalidRowCodes.MalformedQuoting }, row.Error);
    }

    [Fact]
    public async Task Validate_BrokenQuotingAfterTheEmail_TheRowStillReportsItsLoginAndEmail()
    {
        var rows = await CsvTestFile.RowsAsync(Header + "\nann,ann@example.com,\"Ann,Lee\nbo,bo@example.com,Bo,Li\"x\n");

        Assert.Equal(("ann", "ann@example.com"), (rows[0].Login, rows[0].Email));
    }

    [Fact]
    public async Task Validate_CustomAttribute_KeepsItsSpelling()
    {
        var row = await CsvTestFile.RowAsync("email,firstName,lastName,profile.costCode\nann@example.com,Ann,Lee,CC-12\n");

        Assert.Equal("CC-12", row.User!.Profile["costCode"]);
    }
}
