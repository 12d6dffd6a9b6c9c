using System.CommandLine;
using Ferry.Cli.Configuration;
using Ferry.Cli.Jobs;
using Ferry.Cli.Validation;
using Spectre.Console;

namespace Ferry.Cli;

/// <summary>The <c>ferry</c> command line: one sub-command per verb, each a line that hands over to its handler.</summary>
public static class FerryCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var root = Build();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"ferry: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'ferry --help' for the commands and their options.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"ferry: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"ferry: cannot reach the Ferry server ({e.Message}); is it running? (--url, {FerryProfile.UrlVariable} or the profile)");
            return ExitCodes.ServerUnavailable;
        }
    }

    private static RootCommand Build()
    {
        var file = new Argument<string>("file") { Description = "The input: a CSV file (Okta or Auth0), or Auth0's bulk-import JSON or export NDJSON" };
        var id = new Argument<string>("id") { Description = "The job's id (instance id)" };
        var options = new Option<string[]>("--option", "-o") { Description = "A job option as name=value (docs/jobs.md); repeatable" };
        var target = new Option<string>("--target") { Description = "okta or auth0 (default: okta, or auth0 for .json/.ndjson/.jsonl)" };
        target.AcceptOnlyFromAmong("okta", "auth0");
        var url = new Option<string>("--url") { Description = $"The Ferry server (else {FerryProfile.UrlVariable}, the profile's url, {FerryConnection.DefaultUrl})" };
        var key = new Option<string>("--key") { Description = $"The API key, sent as x-ferry-key (else {FerryProfile.KeyVariable}, the profile's key)" };
        var profile = new Option<string>("--profile") { Description = $"A profile file {{\"url\",\"key\"}} (else {FerryProfile.ProfileVariable}, ~/.config/ferry/profile.json)" };
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines even on a terminal (the default when stdout is redirected)" };
        var detach = new Option<bool>("--detach") { Description = "Print the job id and exit without following the job" };
        var json = new Option<bool>("--json") { Description = "The status payload as JSON" };
        var runtimeStatus = new Option<string>("--status") { Description = "Only jobs with these statuses, comma-separated (Running,Completed,…)" };
        var top = new Option<int>("--top") { Description = "List at most this many jobs, newest first", DefaultValueFactory = _ => 100 };
        var all = new Option<bool>("--all") { Description = "List every job (no --top limit)" };
        var pageSize = new Option<int>("--page-size") { Description = "Jobs asked for per request (1-1000); further pages follow the server's continuation token", DefaultValueFactory = _ => 100 };
        var name = new Option<string>("--name") { Description = "The report: results.csv, failed.csv or summary.json", DefaultValueFactory = _ => "summary.json" };
        name.AcceptOnlyFromAmong("results.csv", "failed.csv", "summary.json");
        top.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--top must be at least 1.");
            }
        });
        pageSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--page-size must be 1-1000.");
            }
        });
        var output = new Option<string>("--out") { Description = "Write the report to this file (default: stdout)" };
        var reason = new Option<string>("--reason") { Description = "Why, shown in the job's status" };

        var validate = new Command("validate", "Check a file offline with a job's reader and rules: every row error, a summary by code") { file, options, target };
        validate.SetAction((result, token) => ValidateCommand.RunAsync(result.GetRequiredValue(file), result.GetValue(options), result.GetValue(target), Console.Out, Console.Error, token));

        var migrate = new Command("migrate", "Upload a file as a new job and follow it live to its summary") { file, options, target, plain, detach };
        migrate.SetAction((result, token) => Server(result, url, key, profile, plain).MigrateAsync(result.GetRequiredValue(file), result.GetValue(options), result.GetValue(target), result.GetValue(detach), token));

        var status = new Command("status", "A job's status (and summary when finished)") { id, json };
        status.SetAction((result, token) => Server(result, url, key, profile, null).StatusAsync(result.GetRequiredValue(id), result.GetValue(json), token));

        var list = new Command("list", "List jobs, newest first") { runtimeStatus, top, all, pageSize };
        list.SetAction((result, token) => Server(result, url, key, profile, null).ListAsync(
            result.GetValue(runtimeStatus), result.GetValue(all) ? null : result.GetValue(top), result.GetValue(pageSize), token));

        var report = new Command("report", "Download a job's report") { id, name, output };
        report.SetAction((result, token) => Server(result, url, key, profile, null).ReportAsync(result.GetRequiredValue(id), result.GetRequiredValue(name), result.GetValue(output), token));

        var approve = new Command("approve", "Release a job waiting for approval (requireApproval=true)") { id };
        approve.SetAction((result, token) => Server(result, url, key, profile, null).ApproveAsync(result.GetRequiredValue(id), token));

        var terminate = new Command("terminate", "Stop a job after its batches in progress; its reports cover what was done") { id, reason };
        terminate.SetAction((result, token) => Server(result, url, key, profile, null).TerminateAsync(result.GetRequiredValue(id), result.GetValue(reason), token));

        var rerun = new Command("rerun-failed", "Start a new job over the failed rows of a finished job") { id };
        rerun.SetAction((result, token) => Server(result, url, key, profile, null).RerunFailedAsync(result.GetRequiredValue(id), token));

        var noApproval = new Option<bool>("--no-approval") { Description = "Delete without the dry run and the wait for approve (requireApproval=false)" };
        var undo = new Command("undo", "Start a job that deletes the users and groups a finished job created (dry run, then ferry approve)") { id, noApproval };
        undo.SetAction((result, token) => Server(result, url, key, profile, null).UndoAsync(result.GetRequiredValue(id), result.GetValue(noApproval), token));

        var root = new RootCommand("ferry: validate user files and migrate them into Okta or Auth0 with a Ferry server (docs/cli.md)")
        {
            validate, migrate, status, list, report, approve, terminate, rerun, undo,
        };
        foreach (var serverOption in new Option[] { url, key, profile })
        {
            serverOption.Recursive = true;
            root.Add(serverOption);
        }

        return root;
    }

    /// <summary>The server commands with their connection (flags, environment, profile) and console; a bad profile ends the command.</summary>
    private static JobCommands Server(ParseResult result, Option<string> url, Option<string> key, Option<string> profile, Option<bool>? plain)
    {
        var (connection, error) = FerryProfile.Resolve(result.GetValue(url), result.GetValue(key), result.GetValue(profile));
        if (connection is null)
        {
            throw new UsageException(error!);
        }

        var live = !Console.IsOutputRedirected && !(plain is not null && result.GetValue(plain));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = live ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = live ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (!live)
        {
            // Redirected: wide enough that a line is never wrapped in the middle of an id or a path.
            console.Profile.Width = 200;
        }

        return new JobCommands(connection, console, Console.Error, live);
    }
}
