using System.Globalization;

namespace Ferry.Core.Jobs;

/// <summary>
/// Everything a job can be told, with safe defaults: a staged import that emails nobody, adds existing users to
/// their groups, and creates missing groups. Read from query parameters or blob metadata by <see cref="Parse"/>
/// using the wire names of <see cref="Names"/>; documented in docs/jobs.md.
/// </summary>
public sealed record JobOptions
{
    public JobKind Kind { get; init; } = JobKind.Import;

    public ActivationMode Activation { get; init; } = ActivationMode.None;

    public ExistingUserPolicy ExistingUsers { get; init; } = ExistingUserPolicy.AddGroups;

    public bool CreateMissingGroups { get; init; } = true;

    /// <summary>Read-only look-ups only; outcomes say what would happen (<c>would-create</c>, …).</summary>
    public bool DryRun { get; init; }

    /// <summary>Columns Ferry does not recognise are ignored instead of failing the job.</summary>
    public bool IgnoreUnknownColumns { get; init; }

    /// <summary>Any invalid row fails the whole job before it calls Okta.</summary>
    public bool FailOnInvalidRows { get; init; }

    /// <summary>Okta's <c>nextLogin=changePassword</c>: imported users with a password must change it at first sign-in.</summary>
    public bool ExpirePasswordOnFirstLogin { get; init; }

    /// <summary>Reactivate jobs: whether Okta emails the activation link again (the runbook's point; default true).</summary>
    public bool SendEmail { get; init; } = true;

    /// <summary>The job plans and dry-runs, then waits for the <c>approve</c> event before it writes to Okta.</summary>
    public bool RequireApproval { get; init; }

    /// <summary>Delete the input blob after a successful job (it may hold passwords).</summary>
    public bool DeleteInputOnSuccess { get; init; }

    /// <summary>Where the users go: Okta (the default) or an Auth0 tenant's database connection by bulk import.</summary>
    public JobTarget Target { get; init; } = JobTarget.Okta;

    /// <summary>Auth0: the database connection (id <c>con_…</c> or name); null for <c>Auth0:Connection</c>.</summary>
    public string? Connection { get; init; }

    /// <summary>Auth0: existing users (same email, user_id or username) are updated instead of failing.</summary>
    public bool Upsert { get; init; }

    /// <summary>Auth0: email every tenant owner when each import job finishes (Auth0's default is true; Ferry's false).</summary>
    public bool SendCompletionEmail { get; init; }

    public static class Names
    {
        public const string Kind = "kind";
        public const string Activation = "activation";
        public const string ExistingUsers = "existingUsers";
        public const string CreateMissingGroups = "createMissingGroups";
        public const string DryRun = "dryRun";
        public const string IgnoreUnknownColumns = "ignoreUnknownColumns";
        public const string FailOnInvalidRows = "failOnInvalidRows";
        public const string NextLogin = "nextLogin";
        public const string SendEmail = "sendEmail";
        public const string RequireApproval = "requireApproval";
        public const string DeleteInputOnSuccess = "deleteInputOnSuccess";
        public const string Target = "target";
        public const string Connection = "connection";
        public const string Upsert = "upsert";
        public const string SendCompletionEmail = "sendCompletionEmail";

        public static IReadOnlyList<string> All { get; } =
        [
            Kind, Activation, ExistingUsers, CreateMissingGroups, DryRun, IgnoreUnknownColumns, FailOnInvalidRows,
            NextLogin, SendEmail, RequireApproval, DeleteInputOnSuccess, Target, Connection, Upsert, SendCompletionEmail,
        ];
    }

    public static string WireName(JobKind kind) => kind switch
    {
        JobKind.Import => "import",
        JobKind.Reactivate => "reactivate",
        JobKind.AssignGroups => "assign-groups",
        JobKind.UpdateProfiles => "update-profiles",
        JobKind.Undo => "undo",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string WireName(JobTarget target) => target switch
    {
        JobTarget.Okta => "okta",
        JobTarget.Auth0 => "auth0",
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    public static string WireName(ActivationMode mode) => mode switch
    {
        ActivationMode.None => "none",
        ActivationMode.Activate => "activate",
        ActivationMode.ActivateWithEmail => "activate-with-email",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static string WireName(ExistingUserPolicy policy) => policy switch
    {
        ExistingUserPolicy.Skip => "skip",
        ExistingUserPolicy.AddGroups => "add-groups",
        ExistingUserPolicy.Update => "update",
        ExistingUserPolicy.Fail => "fail",
        _ => throw new ArgumentOutOfRangeException(nameof(policy)),
    };

    /// <summary>The options as wire name/value pairs (what <see cref="Parse"/> reads back), defaults included.</summary>
    public IReadOnlyDictionary<string, string> ToWire() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Names.Kind] = WireName(Kind),
        [Names.Activation] = WireName(Activation),
        [Names.ExistingUsers] = WireName(ExistingUsers),
        [Names.CreateMissingGroups] = Bool(CreateMissingGroups),
        [Names.DryRun] = Bool(DryRun),
        [Names.IgnoreUnknownColumns] = Bool(IgnoreUnknownColumns),
        [Names.FailOnInvalidRows] = Bool(FailOnInvalidRows),
        [Names.NextLogin] = ExpirePasswordOnFirstLogin ? "changePassword" : "none",
        [Names.SendEmail] = Bool(SendEmail),
        [Names.RequireApproval] = Bool(RequireApproval),
        [Names.DeleteInputOnSuccess] = Bool(DeleteInputOnSuccess),
        [Names.Target] = WireName(Target),
        [Names.Connection] = Connection ?? string.Empty,
        [Names.Upsert] = Bool(Upsert),
        [Names.SendCompletionEmail] = Bool(SendCompletionEmail),
    };

    /// <summary>
    /// Reads options from name/value pairs (names case-insensitive). With <paramref name="strict"/>, unknown names are
    /// errors (query parameters); without, they are skipped (blob metadata carries other keys too).
    /// </summary>
    public static (JobOptions? Options, IReadOnlyList<string> Errors) Parse(IEnumerable<KeyValuePair<string, string?>> values, bool strict)
    {
        ArgumentNullException.ThrowIfNull(values);
        var options = new JobOptions();
        var errors = new List<string>();
        foreach (var (rawName, rawValue) in values)
        {
            var name = Names.All.FirstOrDefault(n => string.Equals(n, rawName, StringComparison.OrdinalIgnoreCase));
            var value = (rawValue ?? string.Empty).Trim();
            if (name is null)
            {
                if (strict)
                {
                    errors.Add($"'{rawName}' is not an option; options are {string.Join(", ", Names.All)}");
                }

                continue;
            }

            options = name switch
            {
                Names.Kind => options with { Kind = Choice(name, value, errors, [("import", JobKind.Import), ("reactivate", JobKind.Reactivate), ("assign-groups", JobKind.AssignGroups), ("update-profiles", JobKind.UpdateProfiles), ("undo", JobKind.Undo)], options.Kind) },
                Names.Activation => options with { Activation = Choice(name, value, errors, [("none", ActivationMode.None), ("activate", ActivationMode.Activate), ("activate-with-email", ActivationMode.ActivateWithEmail)], options.Activation) },
                Names.ExistingUsers => options with { ExistingUsers = Choice(name, value, errors, [("skip", ExistingUserPolicy.Skip), ("add-groups", ExistingUserPolicy.AddGroups), ("update", ExistingUserPolicy.Update), ("fail", ExistingUserPolicy.Fail)], options.ExistingUsers) },
                Names.CreateMissingGroups => options with { CreateMissingGroups = Flag(name, value, errors, options.CreateMissingGroups) },
                Names.DryRun => options with { DryRun = Flag(name, value, errors, options.DryRun) },
                Names.IgnoreUnknownColumns => options with { IgnoreUnknownColumns = Flag(name, value, errors, options.IgnoreUnknownColumns) },
                Names.FailOnInvalidRows => options with { FailOnInvalidRows = Flag(name, value, errors, options.FailOnInvalidRows) },
                Names.NextLogin => options with { ExpirePasswordOnFirstLogin = Choice(name, value, errors, [("changePassword", true), ("none", false)], options.ExpirePasswordOnFirstLogin) },
                Names.SendEmail => options with { SendEmail = Flag(name, value, errors, options.SendEmail) },
                Names.RequireApproval => options with { RequireApproval = Flag(name, value, errors, options.RequireApproval) },
                Names.DeleteInputOnSuccess => options with { DeleteInputOnSuccess = Flag(name, value, errors, options.DeleteInputOnSuccess) },
                Names.Target => options with { Target = Choice(name, value, errors, [("okta", JobTarget.Okta), ("auth0", JobTarget.Auth0)], options.Target) },
                Names.Connection => options with { Connection = ConnectionName(name, value, errors) },
                Names.Upsert => options with { Upsert = Flag(name, value, errors, options.Upsert) },
                Names.SendCompletionEmail => options with { SendCompletionEmail = Flag(name, value, errors, options.SendCompletionEmail) },
                _ => options,
            };
        }

        if (options.ExpirePasswordOnFirstLogin && options.Activation == ActivationMode.None && errors.Count == 0)
        {
            errors.Add("nextLogin=changePassword needs activation=activate or activate-with-email (Okta expires a password only on an activated user)");
        }

        if (options.Target == JobTarget.Auth0 && options.Kind is not (JobKind.Import or JobKind.Undo) && errors.Count == 0)
        {
            errors.Add($"target=auth0 runs import jobs only (Auth0's bulk import), not kind={WireName(options.Kind)}");
        }

        if (options.Target == JobTarget.Auth0 && options.Kind != JobKind.Undo && (options.RequireApproval || options.DryRun) && errors.Count == 0)
        {
            errors.Add("target=auth0 has no dry run (Auth0's bulk import cannot look without writing): drop dryRun and requireApproval");
        }

        return errors.Count == 0 ? (options, errors) : (null, errors);
    }

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>
    /// An Auth0 connection's name or <c>con_…</c> id: ASCII letters, digits, '-' and '_', at most 128 (Auth0's own rule).
    /// Options travel as blob metadata (HTTP headers): nothing else may pass, a line break least of all.
    /// </summary>
    private static string? ConnectionName(string name, string value, List<string> errors)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (value.Length > 128 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add($"{name} must be a connection's name or id: ASCII letters, digits, '-' and '_', at most 128");
            return null;
        }

        return value;
    }

    private static bool Flag(string name, string value, List<string> errors, bool fallback)
    {
        if (bool.TryParse(value, out var parsed))
        {
            return parsed;
        }

        errors.Add($"{name} must be true or false, not '{value}'");
        return fallback;
    }

    private static T Choice<T>(string name, string value, List<string> errors, (string Wire, T Value)[] choices, T fallback)
    {
        foreach (var (wire, choice) in choices)
        {
            if (string.Equals(wire, value, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be one of {string.Join(", ", choices.Select(c => c.Wire))}, not '{value}'"));
        return fallback;
    }
}
