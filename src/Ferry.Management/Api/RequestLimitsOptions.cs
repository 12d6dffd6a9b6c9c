using System.ComponentModel.DataAnnotations;

namespace Ferry.Management.Api;

/// <summary>
/// How large an upload may be (<c>Ferry:Api:MaxUploadBytes</c>), read by both hosts' <c>POST /api/migrations</c>.
/// The other bounds are fixed (<see cref="RequestBodies"/>): a JSON body is a few hundred bytes, an Event Grid batch
/// at most Event Grid's own 1 MB.
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Ferry:Api";

    /// <summary>The largest request body <c>POST /api/migrations</c> takes as a file (raw or multipart), in bytes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
