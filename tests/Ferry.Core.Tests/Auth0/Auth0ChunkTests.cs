using System.Globalization;
using System.Text;
using System.Text.Json;
using Ferry.Core.Auth0;
using Ferry.Core.Jobs;

namespace Ferry.Core.Tests.Auth0;

/// <summary>Chunks: cut under the byte and user caps, rebuilt from their byte ranges alone, identical to what the plan measured.</summary>
public sealed class Auth0ChunkTests
{
    [Fact]
    public async Task PlanAsync_TwentyThousandRealisticUsers_CutsAboutTenChunksUnder400Kb()
    {
        var bytes = Encoding.UTF8.GetBytes(RealisticCsv(20_000));

        var parsed = await Auth0TestFile.ParseAsync(bytes, "users.csv");

        var chunks = parsed.Plan.Chunks;
        Assert.Equal((20_000, 0), (parsed.Plan.RowCount, parsed.Plan.InvalidCount));
        Assert.InRange(chunks.Count, 9, 12);
        Assert.All(chunks, c => Assert.InRange(c.PayloadBytes, 2, Auth0PlanSettings.DefaultMaxChunkBytes));
        Assert.All(chunks.SkipLast(1), c => Assert.True(c.PayloadBytes > Auth0PlanSettings.DefaultMaxChunkBytes - 400, $"chunk {c.Index} is only {c.PayloadBytes} bytes"));
        Assert.Equal(Enumerable.Range(0, 20_000).Select(Email), parsed.Users.Select(u => JsonDocument.Parse(u).RootElement.GetProperty("email").GetString()));
        Assert.Equal(chunks.Skip(1).Select(c => c.StartByte), chunks.SkipLast(1).Select(c => c.EndByte));
        Assert.Equal(bytes.Length, chunks[^1].EndByte);
    }

    [Theory]
    [InlineData(Auth0InputFormat.Csv)]
    [InlineData(Auth0InputFormat.Json)]
    [InlineData(Auth0InputFormat.Ndjson)]
    public async Task ReadChunkAsync_EachFormatWithASmallCap_GivesEveryValidUserOnceInOrder(Auth0InputFormat format)
    {
        var (text, name) = format switch
        {
            Auth0InputFormat.Csv => (RealisticCsv(300, invalidEvery: 7), "users.csv"),
            Auth0InputFormat.Json => ($"[\n{string.Join(",\n", Enumerable.Range(0, 300).Select(JsonUser))}\n]\n", "users.json"),
            _ => (string.Join("\n", Enumerable.Range(0, 300).Select(JsonUser)), "users.ndjson"),
        };

        var parsed = await Auth0TestFile.ParseAsync(text, name, settings: Auth0PlanSettings.Default with { MaxChunkBytes = 4096 });

        Assert.Equal(format, parsed.Plan.Format);
        Assert.True(parsed.Plan.Chunks.Count > 10);
        Assert.Equal(parsed.Plan.UserCount, parsed.Users.Count);
        Assert.Equal(parsed.Plan.UserCount, parsed.Plan.Chunks.Sum(c => c.Users));
        var expected = Enumerable.Range(0, 300).Where(i => format != Auth0InputFormat.Csv || i % 7 != 3).Select(Email);
        Assert.Equal(expected, parsed.Users.Select(u => JsonDocument.Parse(u).RootElement.GetProperty("email").GetString()));
        Assert.Equal(parsed.Users, parsed.Records.Where(r => r.PayloadIndex is not null).Select(r => parsed.Users[parsed.Records.Where(x => x.PayloadIndex is not null).ToList().IndexOf(r)]));
    }

    [Fact]
    public async Task PlanAsync_MaxChunkUsers_CapsTheUsersOfAChunk()
    {
        var parsed = await Auth0TestFile.ParseAsync(RealisticCsv(25), "users.csv", settings: Auth0PlanSettings.Default with { MaxChunkUsers = 10 });

        Assert.Equal([10, 10, 5], parsed.Plan.Chunks.Select(c => c.Users));
        Assert.Equal([1, 11, 21], parsed.Plan.Chunks.Select(c => c.FirstRow));
        Assert.Equal([2, 12, 22], parsed.Plan.Chunks.Select(c => c.FirstLine));
        Assert.Equal([0, 1, 2], parsed.Records.Where(r => r.Row is 1 or 2 or 3).Select(r => r.PayloadIndex!.Value));
        Assert.Equal(0, parsed.Records[10].PayloadIndex);
    }

    [Fact]
    public async Task PlanAsync_UserLargerThanTheCapAlone_IsARowError()
    {
        var text = $"email,name\na@example.com,A\nb@example.com,{new string('b', 300)}\nc@example.com,C\n";

        var parsed = await Auth0TestFile.ParseAsync(text, "users.csv", settings: Auth0PlanSettings.Default with { MaxChunkBytes = 256 });

        Assert.Equal(Auth0RowErrorCodes.UserTooLarge, parsed.Error(2).Code);
        Assert.Equal("users.csv:3:1: this user's JSON is 335 bytes: more than one import file may hold (256 bytes with its brackets)", parsed.Plan.FirstErrors.Single());
        Assert.Equal(2, parsed.Plan.UserCount);
    }

    [Theory]
    [InlineData(512_001)]
    [InlineData(600_000)]
    [InlineData(0)]
    public async Task PlanAsync_ChunkCapOutOfRange_Throws(int maxChunkBytes)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Auth0TestFile.PlanAsync(Auth0TestFile.Utf8("email\na@example.com\n"), "users.csv", settings: new Auth0PlanSettings(MaxChunkBytes: maxChunkBytes)));
    }

    [Fact]
    public async Task PlanAsync_ChunkCapAtAuth0sLimit_IsAllowed()
    {
        var result = await Auth0TestFile.PlanAsync(Auth0TestFile.Utf8("email\na@example.com\n"), "users.csv", settings: new Auth0PlanSettings(MaxChunkBytes: Auth0PlanSettings.HardMaxChunkBytes));

        Assert.NotNull(result.Plan);
    }

    [Theory]
    [InlineData("users.csv")]
    [InlineData("users.json")]
    public async Task ReadChunkAsync_PlanRoundTrippedThroughJson_GivesTheSamePayloads(string fileName)
    {
        var text = fileName.EndsWith(".csv", StringComparison.Ordinal)
            ? RealisticCsv(200, invalidEvery: 9)
            : $"[{string.Join(",", Enumerable.Range(0, 200).Select(JsonUser))}]";
        var bytes = Auth0TestFile.Utf8(text);
        var parsed = await Auth0TestFile.ParseAsync(bytes, fileName, settings: Auth0PlanSettings.Default with { MaxChunkBytes = 8192 });

        var json = JsonSerializer.Serialize(parsed.Plan);
        var plan = JsonSerializer.Deserialize<Auth0Plan>(json)!;

        Assert.Equal(parsed.Plan.Chunks, plan.Chunks);
        Assert.Equal(parsed.Plan.Duplicates, plan.Duplicates);
        Assert.Equal((parsed.Plan.MaxChunkBytes, parsed.Plan.Csv?.Headers.Count), (plan.MaxChunkBytes, plan.Csv?.Headers.Count));
        var payloads = new List<byte[]>();
        await foreach (var payload in Auth0JobReader.ReadAllAsync(new MemoryStream(bytes), plan, Auth0TestFile.Cancel))
        {
            payloads.Add(payload.Payload.ToArray());
        }

        Assert.Equal(parsed.Payloads, payloads);
    }

    [Fact]
    public async Task ReadChunkAsync_FileChangedSincePlanned_Throws()
    {
        var bytes = Auth0TestFile.Utf8(RealisticCsv(10));
        var parsed = await Auth0TestFile.ParseAsync(bytes, "users.csv");
        var changed = Auth0TestFile.Utf8(RealisticCsv(10).Replace("Person 3", "Persona 3", StringComparison.Ordinal));

        await Assert.ThrowsAsync<InvalidDataException>(() => Auth0TestFile.ReadChunkAsync(changed, parsed.Plan, parsed.Plan.Chunks[0], seed: 1));
    }

    [Fact]
    public async Task ReadChunkAsync_RecordsCarryKeysButNeverAHash()
    {
        var parsed = await Auth0TestFile.ParseAsync(RealisticCsv(3), "users.csv");

        var record = parsed.Records[1];
        Assert.Equal(new Auth0Record(2, 3, 1, "user1@example.com", "id-000001", null, null), record);
    }

    [Fact]
    public async Task PlanAsync_ManyInvalidRows_AreCutByMaxChunkRows()
    {
        var text = "email\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"bad{i}\n"));

        var parsed = await Auth0TestFile.ParseAsync(text, "users.csv", new JobOptions(), Auth0PlanSettings.Default with { MaxChunkRows = 20 });

        Assert.Equal([20, 20, 10], parsed.Plan.Chunks.Select(c => c.Rows));
        Assert.All(parsed.Plan.Chunks, c => Assert.Equal((0, 2), (c.Users, c.PayloadBytes)));
    }

    private static string Email(int i) => string.Create(CultureInfo.InvariantCulture, $"user{i}@example.com");

    /// <summary>Users as a directory export gives them: names, a verified flag, an id and a bcrypt hash (about 210 bytes of JSON each).</summary>
    private static string RealisticCsv(int count, int invalidEvery = 0)
    {
        var builder = new StringBuilder("email,given_name,family_name,email_verified,user_id,password_hash\n");
        for (var i = 0; i < count; i++)
        {
            var email = invalidEvery > 0 && i % invalidEvery == 3 ? "not-an-email" : Email(i);
            builder.Append(CultureInfo.InvariantCulture, $"{email},Person {i},Lastname{i % 97},{(i % 2 == 0 ? "true" : "false")},id-{i:D6},{Auth0HashTests.Bcrypt}\n");
        }

        return builder.ToString();
    }

    private static string JsonUser(int i) =>
        string.Create(CultureInfo.InvariantCulture, $$$"""{"email":"{{{Email(i)}}}","given_name":"Person {{{i}}}","email_verified":true,"user_id":"id-{{{i:D6}}}","app_metadata":{"plan":"gold"},"password_hash":"{{{Auth0HashTests.Bcrypt}}}"}""");
}
