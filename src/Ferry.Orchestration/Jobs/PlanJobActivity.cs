using System.Globalization;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;
using Ferry.Core.Okta;
using Ferry.Core.Telemetry;
using Ferry.Orchestration.Auth0;
using Ferry.Orchestration.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Ferry.Orchestration.Jobs;

/// <summary>
/// Plans a job: checks that its file may be read and its options are valid, streams the pinned file once
/// (<see cref="CsvJobReader.PlanAsync"/>: format, header, every row validated, duplicates, groups, slices), and
/// stores the plan with the options in the job's document. Returns counts and the settings the job keeps, never a row.
/// An Auth0 job is planned by <see cref="Auth0JobPlanner"/>.
/// </summary>
public sealed class PlanJobActivity(
    IJobInputs inputs,
    IJobDocuments documents,
    IOptions<JobsOptions> jobs,
    IOptions<OktaOptions> okta,
    Auth0JobPlanner auth0) : TaskActivity<PlanRequest, PlanResult>
{
    public const string Name = "PlanJob";

    public override async Task<PlanResult> RunAsync(TaskActivityContext context, PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var span = FerryTelemetry.StartJobSpan(FerryTelemetry.Spans.Plan, request.JobId);
        var cancellationToken = CancellationToken.None;
        var settings = JobSettings.From(jobs.Value);
        var org = okta.Value.OrgUrl?.Authority ?? "okta";
        var input = request.Job.Blob;
        var undo = request.Job.UndoOf is not null || request.Job.Options.Any(o => string.Equals(o.Key, JobOptions.Names.Kind, StringComparison.OrdinalIgnoreCase) && string.Equals(o.Value, "undo", StringComparison.OrdinalIgnoreCase));
        if (undo && (request.Job.UndoOf is null || !inputs.IsUndoInput(request.JobId, input)))
        {
            // An undo job deletes users by id: it reads only the file Ferry wrote for it from a finished job's outcomes.
            return PlanResult.Failed(new JobFailure(JobFailures.InvalidOptions, "kind=undo jobs are started by POST /api/migrations/{id}/undo (or ferry undo ID), never from a file."), org, settings);
        }

        if (Ferry.Core.Security.BlobNames.Check(input.Name) is { } unsafeName)
        {
            // A name that would leave its container once in a URL (a job started before the rule, or forged): never read.
            return PlanResult.Failed(new JobFailure(JobFailures.InputNotAllowed, $"The input's name is not one Ferry reads ({unsafeName.Rule}): {unsafeName.Message}"), org, settings);
        }

        if (!undo && !inputs.IsAllowed(input.Container))
        {
            // Checked again here, whichever way the job was started: a job reads only the inbox (or its allow-list).
            return PlanResult.Failed(new JobFailure(JobFailures.InputNotAllowed, $"'{input.Name}' is in the container '{input.Container}', which jobs may not read. Put the file in the inbox container."), org, settings);
        }

        var (options, errors) = JobOptionsReader.Read(request.Job.Options);
        if (options is null)
        {
            return PlanResult.Failed(new JobFailure(JobFailures.InvalidOptions, $"{input.Name}: {string.Join("; ", errors)}"), org, settings);
        }

        if (options.Target == JobTarget.Auth0 && options.Kind != JobKind.Undo)
        {
            return await auth0.PlanAsync(request, options, settings, cancellationToken);
        }

        var lines = request.Job.LinesBlob is { } linesBlob ? await documents.LoadLinesAsync(linesBlob, cancellationToken) : null;
        var skip = request.Job.SkipBlob is { } skipBlob ? await documents.LoadSkipAsync(skipBlob, cancellationToken) : null;
        CsvPlanResult planned;
        await using (var stream = await inputs.OpenAsync(input, cancellationToken))
        {
            planned = await CsvJobReader.PlanAsync(stream, input.Name, options, new CsvPlanSettings { TargetSliceRows = jobs.Value.SliceRows, Lanes = jobs.Value.MaxConcurrentSlices }, cancellationToken);
        }

        if (planned.Failure is { } failure)
        {
            return PlanResult.Failed(failure, org, settings);
        }

        var plan = planned.Plan!;
        if (options.FailOnInvalidRows && plan.InvalidRowCount > 0)
        {
            return PlanResult.Failed(
                new JobFailure(
                    JobFailures.InvalidRows,
                    string.Create(CultureInfo.InvariantCulture, $"{input.Name}: {plan.InvalidRowCount} invalid row(s) and failOnInvalidRows is true; nothing was sent to Okta. First: {string.Join(" | ", plan.FirstErrors.Take(5))}")),
                org,
                settings);
        }

        var rerun = lines?.ToHashSet();
        await documents.SaveAsync(request.JobId, new JobDocument(plan, request.Job.Options, request.StartedAt, input, rerun) { UndoOf = request.Job.UndoOf, Skip = skip }, cancellationToken);
        var undoGroups = options.Kind == JobKind.Undo ? (await documents.LoadUndoGroupsAsync(request.JobId, cancellationToken)).Count : 0;
        var visits = SlicesToVisit(plan, rerun, skip);
        return new PlanResult(
            null,
            plan.RowCount,
            plan.InvalidRowCount,
            rerun?.Count ?? (int)(plan.RowCount - (skip?.CountWithin(1, plan.RowCount) ?? 0)),
            [.. visits.Select(v => v.Slice)],
            plan.GroupNames.Count,
            org,
            settings,
            UndoGroups: undoGroups)
        {
            SliceRows = [.. visits.Select(v => v.Rows)],
        };
    }

    /// <summary>
    /// Every slice; for a rerun, the slices holding at least one of its lines, or a row it does not skip. With each, the
    /// rows the job processes in it (a lane leases no more slots for a slice than that).
    /// </summary>
    private static List<(int Slice, int Rows)> SlicesToVisit(CsvPlan plan, HashSet<int>? lines, RowRanges? skip)
    {
        var slices = new List<(int, int)>(plan.Slices.Count);
        for (var i = 0; i < plan.Slices.Count; i++)
        {
            var first = plan.Slices[i].FirstLine;
            var end = i + 1 < plan.Slices.Count ? plan.Slices[i + 1].FirstLine : int.MaxValue;
            var slice = plan.Slices[i];
            var rows = lines is not null
                ? lines.Count(line => line >= first && line < end)
                : slice.RowCount - (int)(skip?.CountWithin(slice.FirstRow, slice.FirstRow + slice.RowCount - 1) ?? 0);
            if (rows > 0 && (skip is null || !skip.ContainsAll(slice.FirstRow, slice.FirstRow + slice.RowCount - 1)))
            {
                slices.Add((i, rows));
            }
        }

        return slices;
    }
}
