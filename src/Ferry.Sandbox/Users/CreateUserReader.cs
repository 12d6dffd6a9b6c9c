using System.Text.Json.Nodes;
using Ferry.Sandbox.Okta;

namespace Ferry.Sandbox.Users;

/// <summary>
/// Turns <c>POST /api/v1/users</c> (body and query) into a <see cref="NewUser"/>, or the error Okta would return.
/// Checks run in Okta's order: query parameters, group count, profile fields, unknown attributes, credentials.
/// </summary>
public static class CreateUserReader
{
    public const int MaxGroupIds = 20;

    public static Outcome<NewUser> Read(JsonNode? body, IQueryCollection query, ProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        if (body is not JsonObject request)
        {
            return OktaErrors.MalformedBody;
        }

        if (!TryBool(query, "activate", true, out var activate) || !TryBool(query, "provider", false, out var provider))
        {
            return OktaErrors.MalformedBody;
        }

        var expirePassword = string.Equals(query["nextLogin"], "changePassword", StringComparison.Ordinal);
        var groupIds = new List<string>();
        if (request["groupIds"] is JsonArray ids)
        {
            foreach (var id in ids)
            {
                if (id is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    groupIds.Add(s);
                }
                else
                {
                    return OktaErrors.MalformedBody;
                }
            }
        }

        if (groupIds.Count > MaxGroupIds)
        {
            return OktaErrors.TooManyGroups;
        }

        var profile = request["profile"] as JsonObject ?? [];
        var failures = UserProfileSchema.Validate(profile, options);
        if (failures.Count > 0)
        {
            return OktaErrors.ValidationFailed(failures[0].Field, failures.Select(f => f.Cause).ToList());
        }

        var unknown = UserProfileSchema.UnknownAttributes(profile, options);
        if (unknown.Count > 0)
        {
            return OktaErrors.ValidationFailed(
                "newUser",
                unknown.Select(name => $"Property name '{name}' is not defined in profile").ToList());
        }

        var credentials = ReadCredentials(request["credentials"] as JsonObject, provider, UserProfileSchema.TextOf(profile, "login"));
        if (credentials.Failed)
        {
            return credentials.Error;
        }

        if (expirePassword && !activate)
        {
            return OktaErrors.ExpirePasswordNeedsActivate;
        }

        if (expirePassword && !credentials.Value.HasPassword)
        {
            return OktaErrors.ExpirePasswordNeedsPassword;
        }

        var typeId = request["type"] is JsonObject type && type["id"] is JsonValue t && t.TryGetValue<string>(out var typeText)
            ? typeText
            : null;

        return new NewUser(profile.DeepClone().AsObject(), credentials.Value, groupIds, typeId, activate, expirePassword);
    }

    /// <summary>Reads <c>credentials</c> (password value, hash or hook; recovery question; provider).</summary>
    public static Outcome<NewUserCredentials> ReadCredentials(JsonObject? credentials, bool provider, string? login)
    {
        if (credentials is null)
        {
            return NewUserCredentials.None;
        }

        var providerType = "OKTA";
        var providerName = "OKTA";
        if (provider || credentials["provider"] is not null)
        {
            if (credentials["provider"] is JsonObject p && p["type"] is JsonValue pt && pt.TryGetValue<string>(out var type))
            {
                providerType = type;
                providerName = p["name"] is JsonValue pn && pn.TryGetValue<string>(out var name) ? name : type;
            }
            else if (provider)
            {
                return OktaErrors.ValidationFailed("provider", ["provider: A provider type is required when provider=true"]);
            }
        }

        var hasPassword = false;
        if (credentials["password"] is JsonObject password)
        {
            var value = password["value"] is JsonValue pv && pv.TryGetValue<string>(out var text) ? text : null;
            var hash = password["hash"] as JsonObject;
            var hook = password["hook"] as JsonObject;
            if (value is not null && hash is not null)
            {
                return OktaErrors.ValidationFailed("password", ["password: Specify either a password value or a hash, not both"]);
            }

            List<string> failures = value is not null ? PasswordRules.CheckPlain(value, login)
                : hash is not null ? PasswordRules.CheckHash(hash)
                : [];
            if (failures.Count > 0)
            {
                return OktaErrors.ValidationFailed("password", failures);
            }

            if (hash is not null || hook is not null)
            {
                providerType = "IMPORT";
                providerName = "IMPORT";
            }

            hasPassword = value is not null || hash is not null || hook is not null;
        }

        string? question = null;
        if (credentials["recovery_question"] is JsonObject recovery)
        {
            question = recovery["question"] is JsonValue q && q.TryGetValue<string>(out var qText) ? qText : null;
            var answer = recovery["answer"] is JsonValue a && a.TryGetValue<string>(out var aText) ? aText : null;
            if (question is not { Length: >= 1 and <= 100 } || answer is not { Length: >= 1 and <= 100 })
            {
                return OktaErrors.ValidationFailed(
                    "recovery_question",
                    ["recovery_question: The question and the answer must each be 1 to 100 characters"]);
            }
        }

        return new NewUserCredentials(hasPassword, providerType, providerName, question);
    }

    private static bool TryBool(IQueryCollection query, string name, bool fallback, out bool value)
    {
        value = fallback;
        var text = query[name].ToString();
        return text.Length == 0 || bool.TryParse(text, out value);
    }
}
