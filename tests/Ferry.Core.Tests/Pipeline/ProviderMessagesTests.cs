using System.Text.Json;
using Ferry.Core.Okta;
using Ferry.Core.Pipeline;
using Ferry.Core.Reports;
using Ferry.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Core.Tests.Pipeline;

/// <summary>
/// What an org says about a row reaches the reports bounded, and never quoting the password, hash or salt the row
/// sent: an org on loopback whose create answers a 400 that echoes the credentials it received.
/// </summary>
public sealed class ProviderMessagesTests
{
    private const string Filler = "Okta said a great deal more about this row than any report cell needs. ";

    [Theory]
    [InlineData("password", "Winter2024!Xy-secret")]
    [InlineData("hashAlgorithm,hashValue,salt,saltOrder", "SHA-256,AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tk=,cGVwcGVyIVNhbHQ=,PREFIX")]
    public async Task OktaEchoingTheCredentials_TheReportRedactsThem_AndCutsEachCause(string columns, string cells)
    {
        await using var org = await LoopbackServer.StartAsync(EchoCredentialsAsync);
        await using var services = Services(org.BaseAddress);
        var directory = Directory.CreateTempSubdirectory("ferry-provider-messages-").FullName;
        using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"email,firstName,lastName,{columns}\nann@example.com,Ann,Lee,{cells}\n"));

        var summary = await services.GetRequiredService<MigrationRunner>().RunAsync(
            file, "users.csv", new Jobs.JobOptions(), new DirectoryReportSink(directory), new MigrationRunSettings(), TestContext.Current.CancellationToken);

        Assert.Equal(1, summary.RowsNeedingAttention);
        var secrets = cells.Split(',').Where(c => c.Length > 8).ToList();
        Assert.NotEmpty(secrets);
        Assert.Contains(org.Requests, r => secrets.All(s => r.Body.Contains(JsonEncodedText.Encode(s).ToString(), StringComparison.Ordinal)));
        foreach (var report in Directory.GetFiles(directory))
        {
            var text = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
            Assert.All(secrets, s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));
        }

        var failed = SpreadsheetCells.Read(await File.ReadAllTextAsync(Path.Combine(directory, ReportNames.Failed), TestContext.Current.CancellationToken), ',');
        var reason = failed[1][FailedCsv.Columns.ToList().IndexOf("errorSummary")];
        Assert.Contains(ReportText.Redacted, reason, StringComparison.Ordinal);
        Assert.Contains("…", reason, StringComparison.Ordinal);
        Assert.InRange(reason.Length, 200, 4 * ReportText.MaxLength + 10);
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Answers a user create with Okta's 400 E0000001, its causes quoting the credentials the request carried.</summary>
    private static async Task EchoCredentialsAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        if (context.Request.Method != "POST" || context.Request.Path != "/api/v1/users")
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("""{"errorCode":"E0000007","errorSummary":"Not found: Resource not found","errorCauses":[]}""");
            return;
        }

        // LoopbackServer read the body already: it is the last request recorded.
        var server = (LoopbackServer)context.Items[LoopbackServer.Key]!;
        using var sent = JsonDocument.Parse(server.Requests[^1].Body);
        var password = sent.RootElement.GetProperty("credentials").GetProperty("password");
        var echoed = password.TryGetProperty("value", out var value)
            ? [value.GetString()!]
            : new[] { password.GetProperty("hash").GetProperty("value").GetString()!, password.GetProperty("hash").GetProperty("salt").GetString()! };
        context.Response.StatusCode = 400;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["errorCode"] = "E0000001",
            ["errorSummary"] = "Api validation failed: password",
            ["errorCauses"] = echoed.Select(e => new Dictionary<string, string> { ["errorSummary"] = $"password: '{e}' is not acceptable. {string.Concat(Enumerable.Repeat(Filler, 5))}" }).ToArray(),
        });
    }

    private static ServiceProvider Services(Uri org) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Okta:OrgUrl"] = org.ToString(),
            ["Okta:ApiToken"] = "ssws-token",
            ["Okta:MaxRetries"] = "0",
            ["Ferry:Budget:Share"] = "1.0",
        }).Build())
        .AddLogging()
        .AddOkta()
        .AddSingleton<MigrationRunner>()
        .BuildServiceProvider();
}
