using System.Text;
using Ferry.Core.Auth0;
using Ferry.Core.Jobs;

namespace Ferry.Core.Tests.Auth0;

/// <summary>Auth0's JSON array and NDJSON inputs: the records found, re-serialised, and the syntax errors with their positions.</summary>
public sealed class Auth0JobReaderJsonTests
{
    // Auth0's bulk-import examples (the schema page's users), pretty-printed as its docs print them.
    private const string SchemaExamples = """
        [
          {
            "email": "antoine@contoso.com",
            "email_verified": false,
            "app_metadata": {
              "roles": ["admin"],
              "plan": "premium"
            },
            "user_metadata": {
              "theme": "light"
            }
          },
          {
            "email": "john.doe@contoso.com",
            "email_verified": true,
            "user_id": "5f1a2b3c4d5e6f7a8b9c0d1e",
            "username": "johndoe",
            "given_name": "John",
            "family_name": "Doe",
            "name": "John Doe",
            "nickname": "Johnny",
            "picture": "https://example.com/john.png",
            "blocked": false,
            "password_hash": "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"
          },
          {
            "email": "jane@contoso.com",
            "custom_password_hash": {
              "algorithm": "md5",
              "hash": { "value": "5f4dcc3b5aa765d61d8327deb882cf99", "encoding": "hex" }
            },
            "mfa_factors": [
              { "totp": { "secret": "2PRXZWZAYYDAWCD" } },
              { "phone": { "value": "+15551112233" } },
              { "email": { "value": "jane@contoso.com" } }
            ]
          }
        ]
        """;

    [Fact]
    public async Task PlanAsync_Auth0SchemaExamples_AreValidAndWrittenCompactInTheirOrder()
    {
        var parsed = await Auth0TestFile.ParseAsync(SchemaExamples, "users.json");

        Assert.Equal((Auth0InputFormat.Json, 3, 0, 1), (parsed.Plan.Format, parsed.Plan.RowCount, parsed.Plan.InvalidCount, parsed.Plan.Chunks.Count));
        Assert.Equal(
            """{"email":"antoine@contoso.com","email_verified":false,"app_metadata":{"roles":["admin"],"plan":"premium"},"user_metadata":{"theme":"light"}}""",
            parsed.Users[0]);
        Assert.StartsWith("""{"email":"john.doe@contoso.com","email_verified":true,"user_id":"5f1a2b3c4d5e6f7a8b9c0d1e",""", parsed.Users[1], StringComparison.Ordinal);
        Assert.Equal([2, 13, 26], parsed.Records.Select(r => r.Line));
        Assert.Equal(("john.doe@contoso.com", "5f1a2b3c4d5e6f7a8b9c0d1e", "johndoe"), (parsed.Records[1].Email, parsed.Records[1].UserId, parsed.Records[1].Username));
        Assert.Equal($"[{string.Join(',', parsed.Users)}]", Encoding.UTF8.GetString(parsed.Payloads[0]));
        Assert.Equal((2, 3), (parsed.Plan.Chunks[0].FirstLine, parsed.Plan.Chunks[0].FirstColumn));
    }

    [Fact]
    public async Task PlanAsync_NdjsonAsAuth0ExportWritesIt_ReadsEveryLineAndSkipsBlankOnes()
    {
        const string Export =
            "{\"user_id\":\"auth0|60a1\",\"email\":\"ann@example.com\",\"email_verified\":true,\"name\":\"Ann Lee\",\"nickname\":\"ann\",\"picture\":\"https://s.gravatar.com/avatar/1.png\"}\n" +
            "{\"user_id\":\"auth0|60a2\",\"email\":\"bo@example.com\",\"email_verified\":false,\"given_name\":\"Bö\",\"family_name\":\"Ström\",\"user_metadata\":{\"lang\":\"sv\"}}\r\n" +
            "\n" +
            "{\"user_id\":\"auth0|60a3\",\"email\":\"cy@example.com\",\"blocked\":true,\"app_metadata\":{\"plan\":\"gold\"}}\n";

        var parsed = await Auth0TestFile.ParseAsync(Export, "export.ndjson");

        Assert.Equal((Auth0InputFormat.Ndjson, 3, 0), (parsed.Plan.Format, parsed.Plan.RowCount, parsed.Plan.InvalidCount));
        Assert.Equal([1, 2, 4], parsed.Records.Select(r => r.Line));
        Assert.Equal("Ström", parsed.User(2).GetProperty("family_name").GetString());
        Assert.Contains("\"family_name\":\"Ström\"", parsed.Users[1], StringComparison.Ordinal);
        // The export's "auth0|" prefix is Auth0's own: its import adds it again, so it is not sent.
        Assert.Equal("60a3", parsed.Records[2].UserId);
        Assert.Contains("\"user_id\":\"60a3\"", parsed.Users[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_AnExportsReadOnlyFields_AreLeftOut_OtherUnknownPropertiesRejectedUnlessIgnored()
    {
        const string Export = "{\"email\":\"ann@example.com\",\"created_at\":\"2024-01-02T03:04:05.000Z\",\"logins_count\":3,\"identities\":[{\"connection\":\"Username-Password-Authentication\",\"provider\":\"auth0\"}]}\n";
        const string Other = "{\"email\":\"bo@example.com\",\"shoe_size\":44}\n";

        var export = await Auth0TestFile.ParseAsync(Export, "export.ndjson");
        var strict = await Auth0TestFile.ParseAsync(Other, "other.json");
        var lenient = await Auth0TestFile.ParseAsync(Other, "other.json", new JobOptions { IgnoreUnknownColumns = true });

        Assert.Equal(0, export.Plan.InvalidCount);
        Assert.Equal("""{"email":"ann@example.com"}""", export.Users.Single());
        Assert.Equal(["created_at", "identities", "logins_count"], export.Plan.IgnoredColumns.Order());
        Assert.Equal((Auth0RowErrorCodes.UnknownProperty, "shoe_size"), (strict.Error(1).Code, strict.Error(1).Field));
        Assert.StartsWith("other.json:1:1: 'shoe_size' is not a property Auth0 imports", strict.Plan.FirstErrors.Single(), StringComparison.Ordinal);
        Assert.Equal("""{"email":"bo@example.com"}""", lenient.Users.Single());
        Assert.Equal(["shoe_size"], lenient.Plan.IgnoredColumns);
    }

    [Fact]
    public async Task PlanAsync_SyntaxErrorInsideARecord_IsThatRecordsErrorAtItsFilePosition()
    {
        const string Text = "[\n  {\"email\":\"a@example.com\"},\n  {\"email\":\"b@example.com\" \"name\":\"B\"},\n  {\"email\":\"c@example.com\"}\n]\n";

        var parsed = await Auth0TestFile.ParseAsync(Text, "users.json");

        Assert.Equal((3, 2), (parsed.Plan.RowCount, parsed.Plan.UserCount));
        var error = parsed.Error(2);
        Assert.Equal((3, 28, Auth0RowErrorCodes.Syntax), (error.Line, error.Column, error.Code));
        Assert.StartsWith("users.json:3:28: not valid JSON: ", parsed.Plan.FirstErrors.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_SyntaxErrorOnALaterLineOfAPrettyPrintedRecord_CountsLinesAndCharacters()
    {
        const string Text = "[\n  {\n    \"name\": \"Zoë\",\n    \"email\": \"z@example.com\",,\n    \"nickname\": \"z\"\n  }\n]";

        var parsed = await Auth0TestFile.ParseAsync(Text, "users.json");

        var error = parsed.Error(1);
        Assert.Equal((4, 30), (error.Line, error.Column));
    }

    [Fact]
    public async Task PlanAsync_BrokenNdjsonLine_IsARowErrorAndTheNextLineIsRead()
    {
        const string Text = "{\"email\":\"a@example.com\"}\n{\"email\":\"b@example.com\",\"name\":\"B\n{\"email\":\"c@example.com\"}\n";

        var parsed = await Auth0TestFile.ParseAsync(Text, "users.ndjson");

        Assert.Equal((3, 2), (parsed.Plan.RowCount, parsed.Plan.UserCount));
        var error = parsed.Error(2);
        Assert.Equal((2, Auth0RowErrorCodes.Syntax), (error.Line, error.Code));
        Assert.EndsWith("(NDJSON has one whole user object on each line)", error.Message, StringComparison.Ordinal);
        Assert.Equal("c@example.com", parsed.Records[2].Email);
    }

    [Theory]
    [InlineData("[\n{\"email\":\"a@example.com\"},\n{\"email\":\"b@example.com\"}\n", "users.json:4:1: the file ends before the array's closing ']'")]
    [InlineData("[{\"email\":\"a@example.com\"} {\"email\":\"b@example.com\"}]", "users.json:1:28: expected ',' between users or ']' to end the array")]
    [InlineData("[{\"email\":\"a@example.com\"},{\"email\":\"b@exa", "users.json:1:28: this user object is never closed: the file ends inside it")]
    [InlineData("[{\"email\":\"a@example.com\"}]\n[]", "users.json:2:1: there is text after the array's closing ']'")]
    [InlineData("[{\"email\":\"a@example.com\"},]", "users.json:1:28: a ',' is followed by ']' (a trailing comma); remove the comma")]
    [InlineData("[{\"email\":[\"a@example.com\"}]", "users.json:1:27: '}' does not close what is open here (expected ']')")]
    public async Task PlanAsync_BrokenArrayStructure_FailsTheFileNamingTheLineAndColumn(string text, string expected)
    {
        var failure = await Auth0TestFile.PlanFailureAsync(text, "users.json");

        Assert.Equal(Auth0FailureCodes.MalformedJson, failure.Code);
        Assert.Equal(expected + ". Fix the file and upload it again.", failure.Message);
    }

    [Fact]
    public async Task PlanAsync_PrettyPrintedObjectsWithoutAnArray_FailsSayingToUseAnArray()
    {
        var failure = await Auth0TestFile.PlanFailureAsync("{\n  \"email\": \"a@example.com\"\n}\n", "users.json");

        Assert.Equal(Auth0FailureCodes.MalformedJson, failure.Code);
        Assert.StartsWith("users.json:1:1: the first line does not hold a whole JSON object.", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty-file")]
    [InlineData("email,name\nann@example.com,Ann\n", "not-json")]
    [InlineData("   \n", "not-json")]
    public async Task PlanAsync_JsonNamedFileThatIsNotJson_Fails(string text, string code)
    {
        var failure = await Auth0TestFile.PlanFailureAsync(text, "users.json");

        Assert.Equal(code, failure.Code);
    }

    [Fact]
    public async Task PlanAsync_EmptyArray_FailsWithNoRows()
    {
        var failure = await Auth0TestFile.PlanFailureAsync("[ ]", "users.json");

        Assert.Equal(Auth0FailureCodes.NoRows, failure.Code);
    }

    [Fact]
    public async Task PlanAsync_Utf8Bom_IsSkippedAndOffsetsCountIt()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Auth0TestFile.Utf8("[{\"email\":\"a@example.com\",\"name\":\"Åsa\"}]")];

        var parsed = await Auth0TestFile.ParseAsync(bytes, "users.json");

        Assert.Equal((4L, bytes.Length - 1L), (parsed.Plan.Chunks[0].StartByte, parsed.Plan.Chunks[0].EndByte));
        Assert.Equal("""{"email":"a@example.com","name":"Åsa"}""", parsed.Users.Single());
    }

    [Fact]
    public async Task PlanAsync_ElementsThatAreNotObjects_AreRowErrors()
    {
        var parsed = await Auth0TestFile.ParseAsync("[{\"email\":\"a@example.com\"}, 42, \"x\", null, [1]]", "users.json");

        Assert.Equal(
            ["a user must be a JSON object, not a number", "a user must be a JSON object, not a string", "a user must be a JSON object, not null", "a user must be a JSON object, not an array"],
            parsed.Records.Skip(1).Select(r => r.Error!.Message));
        Assert.Equal([29, 33, 38, 44], parsed.Records.Skip(1).Select(r => r.Error!.Column));
    }

    [Theory]
    [InlineData("{\"name\":\"A\"}", "email", "email is required")]
    [InlineData("{\"email\":\"\"}", "email", "email is required")]
    [InlineData("{\"email\":\"not-an-email\"}", "email", "email is not a valid email address")]
    [InlineData("{\"email\":42}", "email", "email must be a string")]
    [InlineData("{\"email\":\"a@example.com\",\"email_verified\":\"true\"}", "email_verified", "email_verified must be true or false")]
    [InlineData("{\"email\":\"a@example.com\",\"blocked\":1}", "blocked", "blocked must be true or false")]
    [InlineData("{\"email\":\"a@example.com\",\"app_metadata\":[]}", "app_metadata", "app_metadata must be a JSON object")]
    [InlineData("{\"email\":\"a@example.com\",\"user_metadata\":\"x\"}", "user_metadata", "user_metadata must be a JSON object")]
    [InlineData("{\"email\":\"a@example.com\",\"given_name\":7}", "given_name", "given_name must be a string")]
    [InlineData("{\"email\":\"a@example.com\",\"Email\":\"b@example.com\"}", "Email", "'Email' is not a property Auth0 imports")]
    [InlineData("{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}", "email", "email appears twice in the user")]
    [InlineData("{\"email\":\"a@example.com\",\"mfa_factors\":[{\"sms\":{\"value\":\"+1555\"}}]}", "mfa_factors", "mfa_factors: each factor must be an object with one of totp, phone or email")]
    public async Task PlanAsync_FieldsOfTheWrongShape_AreRowErrorsNamingTheirPath(string user, string field, string message)
    {
        var parsed = await Auth0TestFile.ParseAsync($"[\n{user}\n]", "users.json");

        var error = parsed.Error(1);
        Assert.Equal((2, 1, field), (error.Line, error.Column, error.Field));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_RecordLargerThanTheLimit_IsARowErrorAndTheRestIsRead()
    {
        var big = new string('x', 2000);
        var text = $"[{{\"email\":\"a@example.com\",\"name\":\"{big}\"}},{{\"email\":\"b@example.com\"}}]";

        var parsed = await Auth0TestFile.ParseAsync(text, "users.json", settings: Auth0PlanSettings.Default with { MaxRecordBytes = 1024 });

        Assert.Equal(Auth0RowErrorCodes.RecordTooLarge, parsed.Error(1).Code);
        Assert.Equal("users.json:1:2: this user is 2035 bytes of JSON, more than a record may be (1024 bytes)", parsed.Plan.FirstErrors.Single());
        Assert.Equal("b@example.com", parsed.Records[1].Email);
    }

    [Fact]
    public async Task PlanAsync_StringsWithBracketsAndEscapes_DoNotConfuseTheSplitter()
    {
        const string Text = """[{"email":"a@example.com","name":"a } ] { [ \" \\"},{"email":"b@example.com","nickname":"\u00e9\"]"}]""";

        var parsed = await Auth0TestFile.ParseAsync(Text, "users.json");

        Assert.Equal((2, 0), (parsed.Plan.RowCount, parsed.Plan.InvalidCount));
        Assert.Equal("a } ] { [ \" \\", parsed.User(1).GetProperty("name").GetString());
        Assert.Equal("é\"]", parsed.User(2).GetProperty("nickname").GetString());
    }
}
