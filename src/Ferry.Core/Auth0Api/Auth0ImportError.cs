namespace Ferry.Core.Auth0Api;

/// <summary>
/// One entry of <c>GET /api/v2/jobs/{id}/errors</c>: the keys of the user it is about (Auth0 echoes the whole user;
/// only its email, user_id and username are kept, never a hash) and its errors.
/// </summary>
public sealed record Auth0ImportError(string? Email, string? UserId, string? Username, IReadOnlyList<Auth0ErrorDetail> Errors);
