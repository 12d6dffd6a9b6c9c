using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ferry.Sandbox.Okta;

/// <summary>JSON as Okta writes it: apostrophes and non-ASCII letters literal, not \u-escaped.</summary>
public static class OktaJson
{
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonSerializerOptions SerializerOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
