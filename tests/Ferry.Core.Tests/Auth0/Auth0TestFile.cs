using System.Text;
using System.Text.Json;
using Ferry.Core.Auth0;
using Ferry.Core.Jobs;
using Ferry.Core.Tests.Csv;

namespace Ferry.Core.Tests.Auth0;

/// <summary>Plans Auth0 inputs and reads their chunks back, each from its own byte range, checking that the two passes agree.</summary>
internal static class Auth0TestFile
{
    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static Task<Auth0PlanResult> PlanAsync(byte[] bytes, string fileName, JobOptions? options = null, Auth0PlanSettings? settings = null) =>
        Auth0JobReader.PlanAsync(new MemoryStream(bytes, writable: false), fileName, options ?? new JobOptions(), settings ?? Auth0PlanSettings.Default, Cancel);

    public static async Task<JobFailure> PlanFailureAsync(string text, string fileName, JobOptions? options = null)
    {
        var result = await PlanAsync(Utf8(text), fileName, options);
        Assert.True(result.Failure is not null, "the plan succeeded");
        Assert.Null(result.Plan);
        return result.Failure;
    }

    public static Task<Parsed> ParseAsync(string text, string fileName, JobOptions? options = null, Auth0PlanSettings? settings = null) =>
        ParseAsync(Utf8(text), fileName, options, settings);

    /// <summary>Plans the file, then reads every chunk from its exact byte range through a trickling stream, twice.</summary>
    public static async Task<Parsed> ParseAsync(byte[] bytes, string fileName, JobOptions? options = null, Auth0PlanSettings? settings = null)
    {
        settings ??= Auth0PlanSettings.Default;
        var result = await PlanAsync(bytes, fileName, options, settings with { MaxFirstErrors = int.MaxValue });
        Assert.True(result.Plan is not null, $"the plan failed: {result.Failure}");
        var plan = result.Plan;
        var records = new List<Auth0Record>();
        var users = new List<string>();
        var payloads = new List<byte[]>();
        foreach (var chunk in plan.Chunks)
        {
            var payload = await ReadChunkAsync(bytes, plan, chunk, seed: chunk.Index);
            var again = await ReadChunkAsync(bytes, plan, chunk, seed: chunk.Index + 1000);
            Assert.Equal(payload.Payload.ToArray(), again.Payload.ToArray());
            Assert.Equal(chunk.PayloadBytes, payload.Payload.Length);
            Assert.True(payload.Payload.Length <= settings.MaxChunkBytes, $"chunk {chunk.Index} is {payload.Payload.Length} bytes");
            Assert.Equal(chunk.Rows, payload.Records.Count);
            using var document = JsonDocument.Parse(payload.Payload);
            Assert.Equal(chunk.Users, document.RootElement.GetArrayLength());
            users.AddRange(document.RootElement.EnumerateArray().Select(u => u.GetRawText()));
            records.AddRange(payload.Records);
            payloads.Add(payload.Payload.ToArray());
        }

        Assert.Equal(plan.RowCount, records.Count);
        Assert.Equal(Enumerable.Range(1, plan.RowCount), records.Select(r => r.Row));
        Assert.Equal(plan.InvalidCount, records.Count(r => r.Error is not null));
        Assert.Equal(
            plan.FirstErrors,
            records.Where(r => r.Error is not null).Select(r => r.Error!.Format(fileName)).Take(plan.FirstErrors.Count));
        Assert.All(records, r => Assert.Equal(r.Error is null, r.PayloadIndex is not null));
        return new Parsed(plan, records, users, payloads);
    }

    public static Task<Auth0ChunkPayload> ReadChunkAsync(byte[] bytes, Auth0Plan plan, Auth0Chunk chunk, int seed) =>
        Auth0JobReader.ReadChunkAsync(
            new TrickleStream(bytes, (int)chunk.StartByte, (int)(chunk.EndByte - chunk.StartByte), seed, maxRead: 1 + (seed % 37)),
            plan,
            chunk,
            plan.FileName,
            Cancel);

    /// <summary>A plan and everything its chunks gave.</summary>
    /// <param name="Users">Every valid user's JSON, in input order.</param>
    public sealed record Parsed(Auth0Plan Plan, List<Auth0Record> Records, List<string> Users, List<byte[]> Payloads)
    {
        public Auth0RowError Error(int row) => Records[row - 1].Error ?? throw new InvalidOperationException($"row {row} is valid");

        public JsonElement User(int row)
        {
            var record = Records[row - 1];
            Assert.True(record.Error is null, $"row {row} is invalid: {record.Error}");
            return JsonDocument.Parse(Users[Records.Take(row - 1).Count(r => r.Error is null)]).RootElement;
        }
    }
}
