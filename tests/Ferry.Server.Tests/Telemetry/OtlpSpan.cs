namespace Ferry.Server.Tests.Telemetry;

/// <summary>One span as an OTLP/HTTP protobuf export carries it: ids as hex, its scope (the activity source), attributes as text.</summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string? ParentSpanId, string Name, string Scope, IReadOnlyDictionary<string, string> Attributes)
{
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;

    /// <summary>
    /// The spans of an OTLP <c>ExportTraceServiceRequest</c> body (opentelemetry-proto's trace.proto): the few fields a
    /// test needs, read with the protobuf wire format directly (no generated code).
    /// </summary>
    public static IEnumerable<OtlpSpan> Read(byte[] body)
    {
        foreach (var resourceSpans in Fields(body, 1))
        {
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                var scope = Fields(scopeSpans, 1).Select(s => Text(Fields(s, 1).FirstOrDefault())).FirstOrDefault() ?? "";
                foreach (var span in Fields(scopeSpans, 2))
                {
                    var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var pair in Fields(span, 9))
                    {
                        var key = Text(Fields(pair, 1).FirstOrDefault());
                        var value = Fields(pair, 2).FirstOrDefault() is { } any ? AnyValue(any) : "";
                        attributes[key] = value;
                    }

                    var parent = Fields(span, 4).FirstOrDefault();
                    yield return new OtlpSpan(
                        Convert.ToHexStringLower(Fields(span, 1).First()),
                        Convert.ToHexStringLower(Fields(span, 2).First()),
                        parent is { Length: > 0 } ? Convert.ToHexStringLower(parent) : null,
                        Text(Fields(span, 5).FirstOrDefault()),
                        scope,
                        attributes);
                }
            }
        }
    }

    /// <summary>AnyValue: a string, bool or int as text.</summary>
    private static string AnyValue(byte[] any)
    {
        var position = 0;
        while (position < any.Length)
        {
            var (field, wireType) = Tag(any, ref position);
            switch (field, wireType)
            {
                case (1, 2):
                    return Text(LengthDelimited(any, ref position));
                case (2, 0):
                    return Varint(any, ref position) != 0 ? "true" : "false";
                case (3, 0):
                    return ((long)Varint(any, ref position)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                default:
                    Skip(any, ref position, wireType);
                    break;
            }
        }

        return "";
    }

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of a message.</summary>
    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var position = 0;
        while (position < message.Length)
        {
            var (field, wireType) = Tag(message, ref position);
            if (field == number && wireType == 2)
            {
                found.Add(LengthDelimited(message, ref position));
            }
            else
            {
                Skip(message, ref position, wireType);
            }
        }

        return found;
    }

    private static string Text(byte[]? bytes) => bytes is null ? "" : System.Text.Encoding.UTF8.GetString(bytes);

    private static (int Field, int WireType) Tag(byte[] message, ref int position)
    {
        var tag = Varint(message, ref position);
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    private static byte[] LengthDelimited(byte[] message, ref int position)
    {
        var length = (int)Varint(message, ref position);
        var value = message.AsSpan(position, length).ToArray();
        position += length;
        return value;
    }

    private static void Skip(byte[] message, ref int position, int wireType)
    {
        switch (wireType)
        {
            case 0:
                Varint(message, ref position);
                break;
            case 1:
                position += 8;
                break;
            case 2:
                LengthDelimited(message, ref position);
                break;
            case 5:
                position += 4;
                break;
            default:
                throw new InvalidDataException($"protobuf wire type {wireType} at byte {position}");
        }
    }

    private static ulong Varint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
