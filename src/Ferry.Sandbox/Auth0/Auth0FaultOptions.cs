using System.ComponentModel.DataAnnotations;

namespace Ferry.Sandbox.Auth0;

/// <summary>Injected Auth0 failures, drawn from sequences seeded by <c>Sandbox:Faults:Seed</c>.</summary>
public sealed class Auth0FaultOptions
{
    /// <summary>Fraction of import jobs that end "failed" without importing anyone.</summary>
    [Range(0.0, 1.0)]
    public double JobFailureRate { get; set; }

    /// <summary>Fraction of <c>/api/v2</c> requests answered 500 before they are applied.</summary>
    [Range(0.0, 1.0)]
    public double ServerErrorRate { get; set; }

    /// <summary>
    /// How long the answer to <c>POST /api/v2/jobs/users-imports</c> is held after the job was created: a client that
    /// dies meanwhile never learns the job's id, though Auth0 runs it (a lost answer).
    /// </summary>
    public TimeSpan ImportAnswerDelay { get; set; }

    /// <summary>How long each answer to <c>GET /api/v2/users-by-email</c> is held (a slow look-up).</summary>
    public TimeSpan LookupAnswerDelay { get; set; }
}
