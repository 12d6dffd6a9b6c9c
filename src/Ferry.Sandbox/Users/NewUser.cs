using System.Text.Json.Nodes;

namespace Ferry.Sandbox.Users;

/// <summary>A validated create-user request (Okta's <c>CreateUserRequest</c> plus its query parameters).</summary>
public sealed record NewUser(
    JsonObject Profile,
    NewUserCredentials Credentials,
    IReadOnlyList<string> GroupIds,
    string? TypeId,
    bool Activate,
    bool ExpirePassword)
{
    public string Login => UserProfileSchema.TextOf(Profile, "login")!;
}
