using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Rows;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// One chunk of an Auth0 job, as its sub-orchestration is given it: the job, the tenant and connection, the chunk's
/// number, its users (to send) and rows (invalid ones included), and the job's Auth0 settings. Never a row.
/// </summary>
public sealed record ChunkJob(string JobId, Auth0Target Target, int Chunk, int Users, int Rows, Auth0Settings Settings)
{
    /// <summary>A chunk's instance id: <c>{job}:rows:{chunk}</c>, where an Okta job's lanes go, so its status, suspend, resume and purge find it the same way.</summary>
    public static string InstanceId(string jobId, int chunk) => LaneJob.InstanceId(jobId, JobPhases.Rows, chunk);

    /// <summary>The <c>external_id</c> Auth0's job is given: the Ferry job and the chunk, so an Auth0 job can be traced back.</summary>
    public string ExternalId => $"{JobId}#{Chunk}";
}
