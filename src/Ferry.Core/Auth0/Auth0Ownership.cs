using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ferry.Core.Auth0;

/// <summary>
/// How a Ferry job proves that an Auth0 user is its own: every user it sends carries
/// <c>app_metadata.ferry_job</c> = the job's id. Auth0 keeps what a user was inserted with, and an import without
/// <c>upsert</c> never writes to a user that exists already, so a user holding this job's id was inserted by one of
/// this job's posts — whatever the clocks say and wherever a crash fell — and a user without it (or with another
/// job's id) is someone else's. Undo deletes only users that hold the id of the job it undoes.
/// </summary>
public static class Auth0Ownership
{
    /// <summary>The property of <c>app_metadata</c> that holds the Ferry job's id.</summary>
    public const string Property = "ferry_job";

    /// <summary>The longest job id a user can be tagged with (Ferry's ids are far shorter).</summary>
    public const int MaxTagLength = 256;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>
    /// <paramref name="user"/> (one compact user object, as <see cref="Auth0UserJson"/> writes it) with
    /// <c>app_metadata.ferry_job</c> set to <paramref name="jobId"/>: added to the user's own <c>app_metadata</c>
    /// (replacing a <c>ferry_job</c> it carried, e.g. from an export of a tenant Ferry loaded), or added as a new
    /// <c>app_metadata</c> after the user's properties. The same input always gives the same bytes.
    /// </summary>
    public static byte[] Tag(ReadOnlySpan<byte> user, string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jobId.Length, MaxTagLength, nameof(jobId));
        var reader = new Utf8JsonReader(user);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A user is a JSON object.", nameof(user));
        }

        var buffer = new ArrayBufferWriter<byte>(user.Length + jobId.Length + 40);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            var tagged = false;
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("app_metadata") && property.Value.ValueKind == JsonValueKind.Object)
                {
                    writer.WriteStartObject("app_metadata");
                    foreach (var inner in property.Value.EnumerateObject())
                    {
                        if (!inner.NameEquals(Property))
                        {
                            inner.WriteTo(writer);
                        }
                    }

                    writer.WriteString(Property, jobId);
                    writer.WriteEndObject();
                    tagged = true;
                    continue;
                }

                property.WriteTo(writer);
            }

            if (!tagged)
            {
                writer.WriteStartObject("app_metadata");
                writer.WriteString(Property, jobId);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The job id a user read from Auth0 is tagged with: its <c>app_metadata.ferry_job</c>, or null.</summary>
    public static string? Owner(JsonElement user) =>
        user.ValueKind == JsonValueKind.Object
        && user.TryGetProperty("app_metadata", out var metadata)
        && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty(Property, out var owner)
        && owner.ValueKind == JsonValueKind.String
            ? owner.GetString()
            : null;
}
