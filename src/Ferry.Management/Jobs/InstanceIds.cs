using System.Security.Cryptography;
using System.Text;

namespace Ferry.Management.Jobs;

/// <summary>
/// Deterministic instance ids, as Durable Functions users build them: the same blob version (container, name, ETag)
/// always maps to the same id, so however many nodes see it, and however often, it starts one job.
/// Shape: <c>{file name slug}-{12 hex digits}</c>, e.g. <c>users-march-3f9a1c2b7d4e</c>: always a job id by
/// <see cref="Ferry.Core.Security.JobIds"/>' rule (a rerun or undo adds <c>-rerun{n}</c>, <c>-undo{n}</c>).
/// </summary>
public static class InstanceIds
{
    public static string ForBlob(string container, string name, string etag)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{container}/{name}/{etag.Trim('"')}"));
        return $"{Slug(name)}-{Convert.ToHexStringLower(hash)[..12]}";
    }

    public static string ForRerun(string sourceInstanceId, int attempt) =>
        $"{sourceInstanceId}-rerun{attempt}";

    public static string ForUndo(string sourceInstanceId, int attempt) =>
        $"{sourceInstanceId}-undo{attempt}";

    private static string Slug(string name)
    {
        var file = Path.GetFileNameWithoutExtension(name.Replace('\\', '/').Split('/')[^1]);
        var builder = new StringBuilder();
        foreach (var c in file.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }

            if (builder.Length == 40)
            {
                break;
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "job" : slug;
    }
}
