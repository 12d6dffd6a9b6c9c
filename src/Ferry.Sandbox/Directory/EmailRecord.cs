namespace Ferry.Sandbox.Directory;

/// <summary>Who would have been emailed: activation and reactivation emails per user.</summary>
public sealed record EmailRecord(string UserId, string Login, string Email, int Activation, int Reactivation);
