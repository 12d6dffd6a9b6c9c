using System.Globalization;
using Ferry.Core.Auth0;
using Ferry.Core.Auth0Api;
using Ferry.Core.Jobs;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Storage;
using Microsoft.Extensions.Options;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// Plans an Auth0 job (for <see cref="PlanJobActivity"/>): finds the connection, streams the pinned input once
/// (<see cref="Auth0JobReader.PlanAsync"/>: format, every user validated, duplicates, chunks under the byte cap), and
/// stores the plan in the job's Auth0 document. Returns counts, the chunks' sizes and the target, never a row.
/// </summary>
public sealed class Auth0JobPlanner(
    IJobInputs inputs,
    IJobDocuments documents,
    Auth0Client auth0,
    IOptions<Auth0Options> tenant,
    IOptions<Auth0JobsOptions> chunks)
{
    public async Task<PlanResult> PlanAsync(PlanRequest request, JobOptions options, JobSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var input = request.Job.Blob;
        var org = tenant.Value.Tenant;
        if (!tenant.Value.IsConfigured)
        {
            return PlanResult.Failed(new JobFailure(JobFailures.Auth0NotConfigured, $"{input.Name}: target=auth0 but no Auth0 tenant is configured (Auth0:Domain, Auth0:ClientId, Auth0:ClientSecret)."), org, settings);
        }

        if (request.Job.LinesBlob is not null)
        {
            return PlanResult.Failed(new JobFailure(JobFailures.InvalidOptions, $"{input.Name}: rerun-failed is not available for target=auth0 jobs: drop a file of the failed rows (failed.csv's lines) instead."), org, settings);
        }

        var name = options.Connection ?? tenant.Value.Connection;
        if (string.IsNullOrWhiteSpace(name))
        {
            return PlanResult.Failed(new JobFailure(JobFailures.Auth0NotConfigured, $"{input.Name}: no connection: set the job's connection option or Auth0:Connection."), org, settings);
        }

        var connection = await auth0.FindConnectionAsync(name, null, cancellationToken);
        if (connection.Failed)
        {
            var code = connection.Failure.Kind == Auth0FailureKind.Unauthorized ? JobFailures.Auth0Unauthorized : JobFailures.Auth0NotConfigured;
            if (connection.Failure.IsRetryable)
            {
                throw new HttpRequestException($"{input.Name}: Auth0 could not be reached to find the connection '{name}': {connection.Failure.Message}");
            }

            return PlanResult.Failed(new JobFailure(code, $"{input.Name}: the connection '{name}' could not be found in {org}: {connection.Failure.Message}"), org, settings);
        }

        Auth0PlanResult planned;
        await using (var stream = await inputs.OpenAsync(input, cancellationToken))
        {
            planned = await Auth0JobReader.PlanAsync(stream, input.Name, options, new Auth0PlanSettings(MaxChunkBytes: chunks.Value.ChunkBytes, MaxChunkUsers: chunks.Value.ChunkUsers) { OwnerTag = request.JobId }, cancellationToken);
        }

        if (planned.Failure is { } failure)
        {
            return PlanResult.Failed(failure, org, settings);
        }

        var plan = planned.Plan!;
        if (options.FailOnInvalidRows && plan.InvalidCount > 0)
        {
            return PlanResult.Failed(
                new JobFailure(
                    JobFailures.InvalidRows,
                    string.Create(CultureInfo.InvariantCulture, $"{input.Name}: {plan.InvalidCount} invalid row(s) and failOnInvalidRows is true; nothing was sent to Auth0. First: {string.Join(" | ", plan.FirstErrors.Take(5))}")),
                org,
                settings);
        }

        var target = new Auth0Target(org, connection.Value!.Id, connection.Value.Name);
        await documents.SaveAuth0Async(request.JobId, new Auth0JobDocument(plan, request.Job.Options, request.StartedAt, input, target), cancellationToken);
        return new PlanResult(
            null,
            plan.RowCount,
            plan.InvalidCount,
            plan.RowCount,
            [.. Enumerable.Range(0, plan.Chunks.Count)],
            0,
            org,
            settings,
            target,
            Auth0Settings.From(chunks.Value),
            [.. plan.Chunks.Select(c => new ChunkCounts(c.Users, c.Rows))]);
    }
}
