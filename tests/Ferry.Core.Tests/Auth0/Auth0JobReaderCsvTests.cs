using System.Text;
using Ferry.Core.Auth0;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;
using static Ferry.Core.Tests.Auth0.Auth0HashTests;

namespace Ferry.Core.Tests.Auth0;

/// <summary>CSV inputs for Auth0: the header mapped to the user schema, cells converted, hashes built from columns, and row errors by column.</summary>
public sealed class Auth0JobReaderCsvTests
{
    private const string HashHeader =
        "email,hash_algorithm,hash_value,hash_encoding,hash_digest,hash_key,hash_key_encoding,salt,salt_encoding,salt_position,password_encoding," +
        "custom_password_hash.keylen,custom_password_hash.cost,custom_password_hash.blockSize,custom_password_hash.parallelization,password_hash";

    [Fact]
    public async Task PlanAsync_AliasesDottedMetadataAndBooleans_BuildTheAuth0User()
    {
        const string Text =
            "Email Address,First Name,Last Name,Display Name,Email Verified,Blocked,app_metadata.plan,user_metadata.lang.primary,user_metadata.lang.fallback,User ID,User-Name,nickname,picture\n" +
            "ann@example.com,Ann,Lee,Ann Lee,yes,0,gold,sv,en,u-1,ann,annie,https://example.com/a.png\n" +
            "bo@example.com,Bö,,,,,,,,,,,\n";

        var parsed = await Auth0TestFile.ParseAsync(Text, "users.csv");

        Assert.Equal(Auth0InputFormat.Csv, parsed.Plan.Format);
        Assert.Equal(
            """{"email":"ann@example.com","given_name":"Ann","family_name":"Lee","name":"Ann Lee","email_verified":true,"blocked":false,"app_metadata":{"plan":"gold"},"user_metadata":{"lang":{"primary":"sv","fallback":"en"}},"user_id":"u-1","username":"ann","nickname":"annie","picture":"https://example.com/a.png"}""",
            parsed.Users[0]);
        Assert.Equal("""{"email":"bo@example.com","given_name":"Bö"}""", parsed.Users[1]);
        Assert.Equal(("u-1", "ann"), (parsed.Records[0].UserId, parsed.Records[0].Username));
        Assert.Equal(',', parsed.Plan.Csv!.Delimiter);
        Assert.Equal("Email Address", parsed.Plan.Csv.Headers[0]);
    }

    [Theory]
    [InlineData("given_name,family_name,name", "given_name", "family_name", "name")]
    [InlineData("firstName,lastName,displayName", "given_name", "family_name", "name")]
    [InlineData("first name,surname,full name", "given_name", "family_name", "name")]
    [InlineData("GIVEN-NAME,Family Name,Full_Name", "given_name", "family_name", "name")]
    public async Task PlanAsync_NameColumnAliases_MapToTheSchema(string headers, string first, string second, string third)
    {
        var parsed = await Auth0TestFile.ParseAsync($"email,{headers}\na@example.com,A,B,C\n", "users.csv");

        var user = parsed.User(1);
        Assert.Equal(("A", "B", "C"), (user.GetProperty(first).GetString(), user.GetProperty(second).GetString(), user.GetProperty(third).GetString()));
    }

    [Fact]
    public async Task PlanAsync_JsonCells_BecomeObjectsAndArrays()
    {
        const string Text =
            "email,app_metadata,user_metadata,mfa_factors\n" +
            "a@example.com,\"{\"\"roles\"\":[\"\"admin\"\"],\"\"plan\"\":\"\"premium\"\"}\",\"{\"\"theme\"\":\"\"light\"\"}\",\"[{\"\"totp\"\":{\"\"secret\"\":\"\"2PRXZWZAYYDAWCD\"\"}}]\"\n" +
            "b@example.com,[1],,\n" +
            "c@example.com,\"{\"\"plan\"\":\",,\n";

        var parsed = await Auth0TestFile.ParseAsync(Text, "users.csv");

        Assert.Equal(
            """{"email":"a@example.com","app_metadata":{"roles":["admin"],"plan":"premium"},"user_metadata":{"theme":"light"},"mfa_factors":[{"totp":{"secret":"2PRXZWZAYYDAWCD"}}]}""",
            parsed.Users.Single());
        Assert.Equal("users.csv:3:2: app_metadata must hold a JSON object ({\"name\":\"value\"})", parsed.Plan.FirstErrors[0]);
        Assert.StartsWith("users.csv:4:2: app_metadata must hold a JSON object ({\"name\":\"value\"}); its JSON breaks at character ", parsed.Plan.FirstErrors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("Yes", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("0", false)]
    public async Task PlanAsync_BooleanCells_AcceptTrueFalseYesNoOneZero(string cell, bool expected)
    {
        var parsed = await Auth0TestFile.ParseAsync($"email,email_verified\na@example.com,{cell}\n", "users.csv");

        Assert.Equal(expected, parsed.User(1).GetProperty("email_verified").GetBoolean());
    }

    [Fact]
    public async Task PlanAsync_BooleanCellThatIsNot_IsARowErrorNamingTheColumnAsWritten()
    {
        var parsed = await Auth0TestFile.ParseAsync("email,Email Verified\na@example.com,maybe\n", "users.csv");

        Assert.Equal("users.csv:2:2: Email Verified must be true or false (yes/no, 1/0)", parsed.Plan.FirstErrors.Single());
        Assert.Equal(("Email Verified", Auth0RowErrorCodes.InvalidType), (parsed.Error(1).Field, parsed.Error(1).Code));
    }

    [Fact]
    public async Task PlanAsync_AHashOfEveryAlgorithmInColumns_IsValidAndNested()
    {
        string[] rows =
        [
            Row("a1@example.com", "argon2", $"\"{Argon2}\""),
            Row("a2@example.com", "bcrypt", Bcrypt, "utf8"),
            Row("a3@example.com", "hmac", HmacSha256Base64, "base64", "sha256", "secretkey", "utf8"),
            Row("a4@example.com", "ldap", Ssha, "utf8"),
            Row("a5@example.com", "md4", Md4Hex, "hex"),
            Row("a6@example.com", "md5", Md5Hex, "hex", "", "", "", "", "", "", "latin1"),
            Row("a7@example.com", "sha1", Sha1Base64, "base64", "", "", "", "salt", "utf8", "prefix"),
            Row("a8@example.com", "sha256", Sha256Hex, "hex", "", "", "", "706570706572", "hex", "suffix"),
            Row("a9@example.com", "sha512", Sha512Base64, "base64"),
            Row("a10@example.com", "pbkdf2", $"\"{Pbkdf2}\"", "utf8"),
            Row("a11@example.com", "scrypt", Scrypt, "base64", "", "", "", "NaCl", "utf8", "", "", "64", "16384", "8", "1"),
            Row("a12@example.com", "", "", "", "", "", "", "", "", "", "", "", "", "", "", Bcrypt),
        ];

        var parsed = await Auth0TestFile.ParseAsync($"{HashHeader}\n{string.Join('\n', rows)}\n", "users.csv");

        Assert.Equal([], parsed.Plan.FirstErrors);
        Assert.Equal(12, parsed.Users.Count);
        Assert.Equal(
            "{\"email\":\"a3@example.com\",\"custom_password_hash\":{\"algorithm\":\"hmac\",\"hash\":{\"value\":\"" + HmacSha256Base64 + "\",\"encoding\":\"base64\",\"digest\":\"sha256\",\"key\":{\"value\":\"secretkey\",\"encoding\":\"utf8\"}}}}",
            parsed.Users[2]);
        Assert.Equal(
            "{\"email\":\"a7@example.com\",\"custom_password_hash\":{\"algorithm\":\"sha1\",\"hash\":{\"value\":\"" + Sha1Base64 + "\",\"encoding\":\"base64\"},\"salt\":{\"value\":\"salt\",\"encoding\":\"utf8\",\"position\":\"prefix\"}}}",
            parsed.Users[6]);
        Assert.Equal(
            "{\"email\":\"a11@example.com\",\"custom_password_hash\":{\"algorithm\":\"scrypt\",\"hash\":{\"value\":\"" + Scrypt + "\",\"encoding\":\"base64\"},\"salt\":{\"value\":\"NaCl\",\"encoding\":\"utf8\"},\"keylen\":64,\"cost\":16384,\"blockSize\":8,\"parallelization\":1}}",
            parsed.Users[10]);
        Assert.Equal("{\"email\":\"a12@example.com\",\"password_hash\":\"" + Bcrypt + "\"}", parsed.Users[11]);
    }

    [Fact]
    public async Task PlanAsync_BrokenHashesInColumns_AreRowErrorsWithLineColumnAndNoSecret()
    {
        string[] rows =
        [
            Row("b1@example.com", "md5", Md5Hex + "00", "hex"),
            Row("b2@example.com", "sha1", Sha1Base64, "base64", "", "", "", "pepper-secret", "utf8"),
            Row("b3@example.com", "scrypt", Scrypt, "base64", "", "", "", "NaCl", "utf8", "", "", "sixty-four"),
            Row("b4@example.com", "hmac", HmacSha256Base64, "base64", "", "secretkey", "utf8"),
            Row("b5@example.com", "", "", "", "", "", "", "", "", "", "", "", "", "", "", Md5Hex),
            Row("b6@example.com", "SHA-1", Sha1Base64, "base64"),
        ];

        var parsed = await Auth0TestFile.ParseAsync($"{HashHeader}\n{string.Join('\n', rows)}\n", "users.csv");

        Assert.Equal(
            [
                "users.csv:2:3: hash_value must decode to 16 bytes for md5 (it decodes to 17); check the hash and its encoding",
                "users.csv:3:10: salt_position is required with a salt for sha1: prefix or suffix",
                "users.csv:4:12: custom_password_hash.keylen must be a whole number",
                "users.csv:5:5: hash_digest is required for hmac: one of md4, md5, ripemd160, sha1, sha224, sha256, sha384, sha512",
                "users.csv:6:16: password_hash must be a bcrypt hash ($2a$, $2b$ or $2y$, a two-digit cost, then 53 characters of salt and hash); for another algorithm use custom_password_hash",
                "users.csv:7:2: hash_algorithm is not an algorithm Auth0 imports; use one of argon2, bcrypt, hmac, ldap, md4, md5, sha1, sha256, sha512, pbkdf2, scrypt (lower case)",
            ],
            parsed.Plan.FirstErrors);
        Assert.Equal(
            [Auth0RowErrorCodes.InvalidHash, Auth0RowErrorCodes.Missing, Auth0RowErrorCodes.InvalidType, Auth0RowErrorCodes.Missing, Auth0RowErrorCodes.InvalidHash, Auth0RowErrorCodes.InvalidValue],
            parsed.Records.Select(r => r.Error!.Code));
        foreach (var secret in (string[])[Md5Hex, Sha1Base64, "pepper-secret", Scrypt, "NaCl", HmacSha256Base64, "secretkey"])
        {
            Assert.All(parsed.Plan.FirstErrors, e => Assert.DoesNotContain(secret, e, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task PlanAsync_UnknownColumns_FailTheFileListingThem()
    {
        var failure = await Auth0TestFile.PlanFailureAsync("email,Department,given_name,Phone\na@example.com,IT,A,555\n", "users.csv");

        Assert.Equal(CsvFailureCodes.UnknownColumns, failure.Code);
        Assert.StartsWith("'users.csv' has columns Ferry does not know for Auth0: 'Department', 'Phone'.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_UnknownColumnsWhenIgnored_AreReportedAndLeftOut()
    {
        var parsed = await Auth0TestFile.ParseAsync(
            "email,Department,given_name,Phone\na@example.com,IT,A,555\n",
            "users.csv",
            new JobOptions { IgnoreUnknownColumns = true });

        Assert.Equal(["Department", "Phone"], parsed.Plan.IgnoredColumns);
        Assert.Equal("""{"email":"a@example.com","given_name":"A"}""", parsed.Users.Single());
    }

    [Theory]
    [InlineData("given_name,name\nA,B\n", CsvFailureCodes.MissingColumn)]
    [InlineData("email,Email Address\na@example.com,b@example.com\n", CsvFailureCodes.DuplicateColumns)]
    [InlineData("email,app_metadata,app_metadata.plan\na@example.com,,gold\n", CsvFailureCodes.DuplicateColumns)]
    [InlineData("email,user_metadata.lang,user_metadata.lang.primary\na@example.com,sv,sv\n", CsvFailureCodes.DuplicateColumns)]
    [InlineData("email,,name\na@example.com,,A\n", CsvFailureCodes.EmptyHeader)]
    [InlineData("email,name\n", "no-rows")]
    public async Task PlanAsync_BadHeader_FailsTheFile(string text, string code)
    {
        var failure = await Auth0TestFile.PlanFailureAsync(text, "users.csv");

        Assert.Equal(code, failure.Code);
    }

    [Fact]
    public async Task PlanAsync_BomCrlfAndQuotedMultiLineCells_KeepLinesAndOffsets()
    {
        const string Header = "email,name,nickname\r\n";
        const string Body = "ann@example.com,\"Ann\r\nLee\",\"a, \"\"the\"\" one\"\r\n,,\r\nbo@example.com,Bo,\r\n";
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Header + Body)];

        var parsed = await Auth0TestFile.ParseAsync(bytes, "users.csv");

        Assert.Equal((2, 0), (parsed.Plan.RowCount, parsed.Plan.InvalidCount));
        Assert.Equal([2, 5], parsed.Records.Select(r => r.Line));
        Assert.Equal("Ann\r\nLee", parsed.User(1).GetProperty("name").GetString());
        Assert.Equal("a, \"the\" one", parsed.User(1).GetProperty("nickname").GetString());
        Assert.Equal((3L + Header.Length, (long)bytes.Length), (parsed.Plan.Chunks[0].StartByte, parsed.Plan.Chunks[0].EndByte));
        Assert.Equal((3, 0), (parsed.Plan.Csv!.PreambleLength, parsed.Plan.Chunks[0].FirstLine - 2));
    }

    [Fact]
    public async Task PlanAsync_Utf16WithSemicolons_ReadsThroughChunks()
    {
        var encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        byte[] bytes = [.. encoding.GetPreamble(), .. encoding.GetBytes("email;given_name\r\nzoë@example.com;Zoë\r\nbo@example.com;Bo\r\n")];

        var parsed = await Auth0TestFile.ParseAsync(bytes, "users.csv", settings: Auth0PlanSettings.Default with { MaxChunkBytes = 64 });

        Assert.Equal((';', 2), (parsed.Plan.Csv!.Delimiter, parsed.Plan.Chunks.Count));
        Assert.Equal("""{"email":"zoë@example.com","given_name":"Zoë"}""", parsed.Users[0]);
    }

    [Fact]
    public async Task PlanAsync_BrokenRows_AreRowErrorsAndTheRestIsRead()
    {
        const string Text = "email,name\na@example.com,A,extra\nb@example.com,\"B\"x\nc@example.com,C\n";

        var parsed = await Auth0TestFile.ParseAsync(Text, "users.csv");

        Assert.Equal(
            [
                "users.csv:2:3: the row has more cells than the header's 2 columns (a delimiter in an unquoted cell?)",
                "users.csv:3:2: this cell has malformed quoting: quote a cell only as a whole (\"like this\", with \"\" for a quote inside)",
            ],
            parsed.Plan.FirstErrors);
        Assert.Equal("c@example.com", parsed.Records[2].Email);
    }

    [Fact]
    public async Task PlanAsync_RepeatedEmailUserIdOrUsername_IsADuplicateOfTheFirstValidRow()
    {
        const string Text =
            "email,user_id,username\n" +
            "ann@example.com,u1,ann\n" +
            "ANN@example.com,u2,ann2\n" +
            "bo@example.com,u1,bo\n" +
            "cy@example.com,u3,ANN\n" +
            "not-an-email,u4,dee\n" +
            "dee@example.com,u4,dee\n";

        var parsed = await Auth0TestFile.ParseAsync(Text, "users.csv", settings: Auth0PlanSettings.Default with { MaxChunkBytes = 64 });

        Assert.Equal(
            [
                "users.csv:3:1: duplicate of line 2: the same email as the user there",
                "users.csv:4:2: duplicate of line 2: the same user_id as the user there",
                "users.csv:5:3: duplicate of line 2: the same username as the user there",
                "users.csv:6:1: email is not a valid email address",
            ],
            parsed.Plan.FirstErrors);
        Assert.Equal([new Auth0Duplicate(2, "email", 2), new Auth0Duplicate(3, "user_id", 2), new Auth0Duplicate(4, "username", 2)], parsed.Plan.Duplicates);
        Assert.Equal(["ann@example.com", "dee@example.com"], parsed.Records.Where(r => r.Error is null).Select(r => r.Email));
        Assert.True(parsed.Plan.Chunks.Count >= 2);
    }

    private static string Row(params string[] cells) => string.Join(',', cells.Concat(Enumerable.Repeat(string.Empty, 16 - cells.Length)));
}
