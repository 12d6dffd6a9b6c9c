using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ferry.Core.Auth0;

/// <summary>
/// Turns a parsed user into what is sent: checked against Auth0's schema, then written as compact UTF-8 JSON with its
/// properties in the order given (unknown ones left out when the job ignores them). Only what JSON requires is escaped. The same element always gives the same bytes.
/// </summary>
internal static class Auth0UserJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The payload is a file for Auth0's API, never HTML: escape only what JSON requires, so letters of every script
        // and a hash's '+' are written as themselves (and count once toward the chunk cap).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>Parses one record's bytes; a syntax error becomes a row error at its file position (never quoting the record).</summary>
    public static (JsonDocument? Document, Auth0RowError? Error) Parse(ReadOnlyMemory<byte> bytes, int line, int column)
    {
        try
        {
            return (JsonDocument.Parse(bytes, DocumentOptions), null);
        }
        catch (JsonException exception)
        {
            var (errorLine, errorColumn) = Position(bytes.Span, line, column, exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0);
            return (null, new Auth0RowError(errorLine, errorColumn, null, Auth0RowErrorCodes.Syntax, $"not valid JSON: {Reason(exception.Message)}"));
        }
    }

    /// <summary>Checks <paramref name="user"/> and writes it; the problem, or the JSON and its keys.</summary>
    public static (byte[]? Json, Auth0Problem? Problem) Check(JsonElement user, bool ignoreUnknown, Func<string, string> name, ICollection<string>? ignored)
    {
        if (Auth0UserRules.Check(user, ignoreUnknown, name) is { } problem)
        {
            return (null, problem);
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var property in user.EnumerateObject())
            {
                if (Array.IndexOf(Auth0UserRules.Properties, property.Name) < 0)
                {
                    ignored?.Add(property.Name);
                    continue;
                }

                if (property.Name == "user_id" && UserId(property.Value.GetString()) is { } id && id.Length != property.Value.GetString()!.Length)
                {
                    // An exported "auth0|…" id: Auth0's import adds the prefix itself.
                    writer.WriteString("user_id", id);
                    continue;
                }

                if (property.Name == "password_hash" && Bcrypt(property.Value) is { } rewritten)
                {
                    writer.WriteString("password_hash", rewritten);
                    continue;
                }

                if (property.Name == "custom_password_hash" && property.Value.ValueKind == JsonValueKind.Object
                    && property.Value.TryGetProperty("algorithm", out var algorithm) && algorithm.ValueEquals("bcrypt"))
                {
                    WriteCustomBcrypt(writer, property.Value);
                    continue;
                }

                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return (buffer.WrittenSpan.ToArray(), null);
    }

    /// <summary>
    /// A bcrypt hash in PHP's <c>$2y$</c> form rewritten as <c>$2b$</c>: the same algorithm, but Auth0 takes only
    /// <c>$2a$</c> and <c>$2b$</c>; null for any other value (written as it is).
    /// </summary>
    public static string? Bcrypt(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { } hash && hash.StartsWith("$2y$", StringComparison.Ordinal)
            ? string.Concat("$2b$", hash.AsSpan(4))
            : null;

    /// <summary>A bcrypt <c>custom_password_hash</c>, its <c>hash.value</c> rewritten by <see cref="Bcrypt"/>.</summary>
    private static void WriteCustomBcrypt(Utf8JsonWriter writer, JsonElement custom)
    {
        writer.WriteStartObject("custom_password_hash");
        foreach (var part in custom.EnumerateObject())
        {
            if (!part.NameEquals("hash") || part.Value.ValueKind != JsonValueKind.Object)
            {
                part.WriteTo(writer);
                continue;
            }

            writer.WriteStartObject("hash");
            foreach (var field in part.Value.EnumerateObject())
            {
                if (field.NameEquals("value") && Bcrypt(field.Value) is { } rewritten)
                {
                    writer.WriteString("value", rewritten);
                }
                else
                {
                    field.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>The email, user_id and username of a user object, where they are strings.</summary>
    public static (string? Email, string? UserId, string? Username) Keys(JsonElement user)
    {
        if (user.ValueKind != JsonValueKind.Object)
        {
            return (null, null, null);
        }

        return (Text(user, "email"), UserId(Text(user, "user_id")), Text(user, "username"));

        static string? Text(JsonElement user, string property) =>
            user.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>A user_id as sent: without the <c>auth0|</c> prefix Auth0's export writes.</summary>
    public static string? UserId(string? id) =>
        id is not null && id.StartsWith(Auth0UserRules.ExportedUserIdPrefix, StringComparison.Ordinal) && id.Length > Auth0UserRules.ExportedUserIdPrefix.Length
            ? id[Auth0UserRules.ExportedUserIdPrefix.Length..]
            : id;

    /// <summary>
    /// The file line and character column of <see cref="JsonException"/>'s position (0-based line within the record,
    /// 0-based byte in that line), for a record that starts at <paramref name="line"/>:<paramref name="column"/>.
    /// </summary>
    public static (int Line, int Column) Position(ReadOnlySpan<byte> record, int line, int column, long lineNumber, long bytePosition)
    {
        var start = 0;
        for (var i = 0; i < lineNumber; i++)
        {
            var next = record[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            start += next + 1;
        }

        var end = (int)Math.Min(record.Length, start + bytePosition);
        var characters = 0;
        foreach (var b in record[start..end])
        {
            characters += (b & 0xC0) != 0x80 ? 1 : 0;
        }

        return lineNumber == 0 ? (line, column + characters) : ((int)(line + lineNumber), 1 + characters);
    }

    /// <summary>System.Text.Json's reason without its position suffix, and without quoting more than one character of the record.</summary>
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        var reason = (cut < 0 ? message : message[..cut]).Trim();
        var builder = new StringBuilder(reason.Length);
        var parts = reason.Split('\'');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1 && i < parts.Length - 1)
            {
                builder.Append(parts[i].Length <= 1 ? $"'{parts[i]}'" : "(text)");
            }
            else
            {
                builder.Append(parts[i]);
            }
        }

        var text = builder.ToString().TrimEnd('.');
        return text.Length == 0 ? "syntax error" : text;
    }
}
