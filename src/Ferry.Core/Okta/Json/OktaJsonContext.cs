using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Core.Okta.Json;

/// <summary>Source-generated JSON for Okta's shapes: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OktaUser))]
[JsonSerializable(typeof(OktaUser[]))]
[JsonSerializable(typeof(OktaGroup))]
[JsonSerializable(typeof(OktaGroup[]))]
[JsonSerializable(typeof(OktaErrorBody))]
[JsonSerializable(typeof(OktaActivationToken))]
[JsonSerializable(typeof(CreateUserBody))]
[JsonSerializable(typeof(ProfileBody))]
[JsonSerializable(typeof(CreateGroupBody))]
public sealed partial class OktaJsonContext : JsonSerializerContext;
