namespace Ferry.Sandbox.Okta;

/// <summary>The errors the sandbox returns, worded as Okta words them (see okta-management-openapi.yaml examples).</summary>
public static class OktaErrors
{
    public static OktaError InvalidToken { get; } = new(401, "E0000011", "Invalid token provided");

    public static OktaError AccessDenied { get; } = new(403, "E0000006", "You do not have permission to perform the requested action");

    public static OktaError MalformedBody { get; } = new(400, "E0000003", "The request body was not well-formed.");

    public static OktaError RateLimited { get; } = new(429, "E0000047", "API call exceeded rate limit due to too many requests.");

    public static OktaError InternalServerError { get; } = new(500, "E0000009", "Internal Server Error");

    public static OktaError TooManyGroups { get; } =
        new(400, "E0000093", "Target count limit exceeded", ["The number of group targets is too large"]);

    public static OktaError AlreadyActive { get; } =
        new(403, "E0000016", "Activation failed because the user is already active");

    public static OktaError OperationNotAllowedInStatus { get; } =
        new(403, "E0000038", "This operation is not allowed in the user's current status.");

    public static OktaError ExpirePasswordNeedsActivate { get; } = new(
        400,
        "E0000125",
        "Could not create user. To create a user and expire their password immediately, `activate` must be true.",
        ["Could not create user. To create a user and expire their password immediately, `activate` must be true."]);

    public static OktaError ExpirePasswordNeedsPassword { get; } = new(
        400,
        "E0000124",
        "Could not create user. To create a user and expire their password immediately, a password must be specified.",
        ["Could not create user. To create a user and expire their password immediately, a password must be specified."]);

    public static OktaError InvalidSearch { get; } = new(400, "E0000031", "Invalid search criteria.");

    public static OktaError MethodNotAllowed { get; } =
        new(405, "E0000022", "The endpoint does not support the provided HTTP method");

    /// <summary>404 in Okta's wording, e.g. <c>Not found: Resource not found: jane@example.com (User)</c>.</summary>
    public static OktaError NotFound(string resource, string kind) =>
        new(404, "E0000007", $"Not found: Resource not found: {resource} ({kind})");

    /// <summary>400 <c>E0000001</c>; the summary names the first failing field, the causes list every failure.</summary>
    public static OktaError ValidationFailed(string field, IReadOnlyList<string> causes) =>
        new(400, "E0000001", $"Api validation failed: {field}", causes);

    public static OktaError DuplicateLogin { get; } = ValidationFailed(
        "login",
        ["login: An object with this field already exists in the current organization"]);

    public static OktaError DuplicateGroupName { get; } = ValidationFailed(
        "name",
        ["name: An object with this field already exists in the current organization"]);
}
