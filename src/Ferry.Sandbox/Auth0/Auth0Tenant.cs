using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ferry.Sandbox.Okta;
using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// The Auth0 tenant: its database connections, users and import jobs, behind one lock. Jobs advance with the clock:
/// whenever the tenant is read or written, every job is brought to where <see cref="TimeProvider"/> says it is
/// (pending for <c>PendingDelay</c>, then <c>UsersPerSecond</c>, timeouts and retention), so progress is exact under a
/// fake clock and needs no background thread.
/// </summary>
public sealed class Auth0Tenant
{
    private const string Provider = "auth0";

    /// <summary>Properties of an imported user that are credentials or enrolment, never kept on the user.</summary>
    private static readonly string[] NotStored = ["user_id", "password_hash", "custom_password_hash", "mfa_factors"];

    private readonly Lock _lock = new();
    private readonly Auth0Options _options;
    private readonly int _seed;
    private readonly TimeProvider _time;
    private readonly List<Auth0Connection> _connections;
    private readonly List<Auth0User> _users = [];
    private readonly Dictionary<string, Auth0User> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Connection, string Email), Auth0User> _byEmail = [];
    private readonly Dictionary<(string Connection, string Username), Auth0User> _byUsername = [];
    private readonly Dictionary<string, Auth0ImportJob> _jobs = new(StringComparer.Ordinal);
    private Random _jobFaults;
    private long _jobsCreated;
    private long _jobsRejectedConcurrent;
    private int _maxConcurrentJobs;
    private long _completionEmails;
    private long _jobsCompleted;
    private long _jobsFailed;

    public Auth0Tenant(IOptions<SandboxOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Auth0;
        _seed = options.Value.Faults.Seed;
        _time = time;
        _jobFaults = new Random(_seed);
        _connections = [new Auth0Connection(_options.ConnectionId, _options.ConnectionName)];
        _connections.AddRange(_options.AdditionalConnections.Select(name => new Auth0Connection(DerivedConnectionId(name), name)));
    }

    public IReadOnlyList<Auth0Connection> Connections => _connections;

    public Auth0Connection? Connection(string id) => _connections.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>Queues an import; null job with the error Auth0 answers when the tenant already runs its maximum.</summary>
    public (Auth0JobView? Job, Auth0Error? Error) CreateJob(Auth0Connection connection, byte[] file, bool upsert, string? externalId, bool sendCompletionEmail)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(file);
        lock (_lock)
        {
            var now = Advance();
            var active = _jobs.Values.Count(j => j.IsActive);
            if (active >= _options.MaxConcurrentJobs)
            {
                _jobsRejectedConcurrent++;
                return (null, Auth0Error.TooManyImportJobs(active));
            }

            var injectedFailure = _jobFaults.NextDouble() < _options.Faults.JobFailureRate;
            var job = new Auth0ImportJob(OktaIds.New("job_", 16), connection, file, upsert, externalId, sendCompletionEmail, injectedFailure, now);
            _jobs.Add(job.Id, job);
            _jobsCreated++;
            _maxConcurrentJobs = Math.Max(_maxConcurrentJobs, active + 1);
            return (View(job), null);
        }
    }

    public Auth0JobView? Job(string id)
    {
        lock (_lock)
        {
            var now = Advance();
            return _jobs.TryGetValue(id, out var job) ? View(job) : null;
        }
    }

    /// <summary>The users rejected so far (a copy); null when the job does not exist (or has expired).</summary>
    public IReadOnlyList<Auth0ImportFailure>? JobErrors(string id)
    {
        lock (_lock)
        {
            Advance();
            return _jobs.TryGetValue(id, out var job) ? job.Failures.ToList() : null;
        }
    }

    public IReadOnlyList<Auth0UserView> UsersByEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var key = Normalize(email);
        lock (_lock)
        {
            Advance();
            return _connections
                .Select(c => _byEmail.GetValueOrDefault((c.Name, key)))
                .OfType<Auth0User>()
                .Select(u => u.View())
                .ToList();
        }
    }

    public Auth0UserView? User(string userId)
    {
        lock (_lock)
        {
            Advance();
            return _byId.TryGetValue(userId, out var user) ? user.View() : null;
        }
    }

    /// <summary><c>DELETE /api/v2/users/{id}</c>: true when the user existed and is gone.</summary>
    public bool DeleteUser(string userId)
    {
        lock (_lock)
        {
            Advance();
            if (!_byId.Remove(userId, out var user))
            {
                return false;
            }

            _users.Remove(user);
            Unindex(user);
            return true;
        }
    }

    /// <summary>Stands in for the user signing in (inspection API): <c>logins_count</c> + 1, <c>last_login</c> now.</summary>
    public bool SignIn(string userId)
    {
        lock (_lock)
        {
            Advance();
            if (!_byId.TryGetValue(userId, out var user))
            {
                return false;
            }

            user.LoginsCount++;
            user.LastLogin = _time.GetUtcNow();
            return true;
        }
    }

    /// <summary>Stands in for an admin editing the user (inspection API): <c>user_metadata</c> merged, <c>updated_at</c> now.</summary>
    public bool Edit(string userId, string name, string value)
    {
        lock (_lock)
        {
            Advance();
            if (!_byId.TryGetValue(userId, out var user))
            {
                return false;
            }

            if (user.Attributes["user_metadata"] is not JsonObject metadata)
            {
                metadata = [];
                user.Attributes["user_metadata"] = metadata;
            }

            metadata[name] = value;
            user.UpdatedAt = _time.GetUtcNow();
            return true;
        }
    }

    /// <summary>One page of users in creation order, optionally of one connection, and how many there are in all.</summary>
    public (IReadOnlyList<Auth0UserView> Users, int Total) Users(string? connection, int page, int perPage)
    {
        lock (_lock)
        {
            Advance();
            var matching = connection is null
                ? _users
                : _users.Where(u => string.Equals(u.Connection, connection, StringComparison.Ordinal)).ToList();
            var users = matching.Skip(page * perPage).Take(perPage).Select(u => u.View()).ToList();
            return (users, matching.Count);
        }
    }

    public Auth0TenantSnapshot Snapshot()
    {
        lock (_lock)
        {
            Advance();
            return new Auth0TenantSnapshot(
                _jobsCreated,
                _jobsRejectedConcurrent,
                _maxConcurrentJobs,
                _jobs.Values.Count(j => j.IsActive),
                _completionEmails,
                _jobsCompleted,
                _jobsFailed,
                _users.Count,
                _connections.ToDictionary(c => c.Name, c => _users.Count(u => u.Connection == c.Name), StringComparer.Ordinal));
        }
    }

    /// <summary>Removes every user and job and zeroes the counters; connections stay, the job-fault sequence restarts.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _users.Clear();
            _byId.Clear();
            _byEmail.Clear();
            _byUsername.Clear();
            _jobs.Clear();
            _jobFaults = new Random(_seed);
            _jobsCreated = 0;
            _jobsRejectedConcurrent = 0;
            _maxConcurrentJobs = 0;
            _completionEmails = 0;
            _jobsCompleted = 0;
            _jobsFailed = 0;
        }
    }

    /// <summary>Brings every job to the present; returns the present. Called under the lock.</summary>
    private DateTimeOffset Advance()
    {
        var now = _time.GetUtcNow();
        List<string>? expired = null;
        foreach (var job in _jobs.Values.OrderBy(j => j.CreatedAt))
        {
            if (now - job.CreatedAt >= _options.JobRetention)
            {
                (expired ??= []).Add(job.Id);
                continue;
            }

            if (job.IsActive)
            {
                AdvanceJob(job, now);
            }
        }

        foreach (var id in expired ?? [])
        {
            _jobs.Remove(id);
        }

        return now;
    }

    private void AdvanceJob(Auth0ImportJob job, DateTimeOffset now)
    {
        var deadline = job.CreatedAt + _options.JobTimeout;
        var until = now < deadline ? now : deadline;
        var startAt = job.CreatedAt + _options.PendingDelay;
        if (job.Status == Auth0JobStatus.Pending && until >= startAt)
        {
            Start(job, startAt);
        }

        if (job.Status == Auth0JobStatus.Processing)
        {
            var elapsed = (until - job.ProcessingStartedAt!.Value).TotalSeconds;
            var target = (int)Math.Min(job.Users.Count, Math.Floor(elapsed * _options.UsersPerSecond));
            while (job.Processed < target)
            {
                // Each user is stamped with the moment the import rate reached it, not the moment someone looked.
                var at = job.ProcessingStartedAt.Value + TimeSpan.FromSeconds((job.Processed + 1) / _options.UsersPerSecond);
                Import(job, job.Users[job.Processed], at < now ? at : now);
                job.Processed++;
            }

            if (job.Processed == job.Users.Count)
            {
                job.Users = [];
                Finish(job, Auth0JobStatus.Completed);
            }
        }

        if (job.IsActive && now >= deadline)
        {
            job.Users = [];
            Finish(job, Auth0JobStatus.Failed);
        }
    }

    /// <summary>Parses the file: anything but a JSON array of objects fails the job, as does an injected fault.</summary>
    private void Start(Auth0ImportJob job, DateTimeOffset startAt)
    {
        var file = job.File!;
        job.File = null;
        if (job.InjectedFailure || Parse(file) is not { } users)
        {
            Finish(job, Auth0JobStatus.Failed);
            return;
        }

        job.Users = users;
        job.Status = Auth0JobStatus.Processing;
        job.ProcessingStartedAt = startAt;
    }

    private static List<JsonObject>? Parse(byte[] file)
    {
        try
        {
            if (JsonNode.Parse(file) is not JsonArray array || array.Any(u => u is not JsonObject))
            {
                return null;
            }

            var users = array.Select(u => u!.AsObject()).ToList();
            array.Clear();
            return users;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Finish(Auth0ImportJob job, Auth0JobStatus status)
    {
        job.Status = status;
        if (status == Auth0JobStatus.Completed)
        {
            _jobsCompleted++;
        }
        else
        {
            _jobsFailed++;
        }

        if (job.SendCompletionEmail)
        {
            _completionEmails++;
        }
    }

    private void Import(Auth0ImportJob job, JsonObject submitted, DateTimeOffset now)
    {
        var errors = Auth0UserValidator.Validate(submitted);
        if (errors.Count > 0)
        {
            Reject(job, submitted, errors);
            return;
        }

        var connection = job.Connection.Name;
        var email = Normalize((string)submitted["email"]!);
        var username = (string?)submitted["username"];
        var givenId = (string?)submitted["user_id"];
        var userId = Provider + "|" + (givenId ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
        var existing = _byEmail.GetValueOrDefault((connection, email))
            ?? (username is null ? null : _byUsername.GetValueOrDefault((connection, Normalize(username))));
        if (existing is null && givenId is not null && _byId.TryGetValue(userId, out var sameId))
        {
            existing = sameId.Connection == connection ? sameId : null;
            if (existing is null)
            {
                Reject(job, submitted, [Duplicate()]);
                return;
            }
        }

        if (existing is not null && !job.Upsert)
        {
            Reject(job, submitted, [Duplicate()]);
            return;
        }

        var attributes = new JsonObject();
        foreach (var (name, value) in submitted.Where(p => !NotStored.Contains(p.Key)))
        {
            attributes[name] = value?.DeepClone();
        }

        attributes["email"] = email;
        if (existing is null)
        {
            var user = new Auth0User(userId, connection, attributes, now);
            _users.Add(user);
            _byId.Add(userId, user);
            Index(user);
            job.Inserted++;
            return;
        }

        Unindex(existing);
        foreach (var (name, value) in attributes)
        {
            existing.Attributes[name] = value?.DeepClone();
        }

        existing.UpdatedAt = now;
        Index(existing);
        job.Updated++;
    }

    private static void Reject(Auth0ImportJob job, JsonObject submitted, IReadOnlyList<Auth0ImportError> errors)
    {
        job.Failures.Add(new Auth0ImportFailure(submitted, errors));
        job.Failed++;
    }

    private static Auth0ImportError Duplicate() => new("DUPLICATED_USER", "The user already exist and upsert parameter is false", string.Empty);

    private void Index(Auth0User user)
    {
        if (user.Email is { } email)
        {
            _byEmail[(user.Connection, Normalize(email))] = user;
        }

        if (user.Username is { } username)
        {
            _byUsername[(user.Connection, Normalize(username))] = user;
        }
    }

    private void Unindex(Auth0User user)
    {
        if (user.Email is { } email)
        {
            _byEmail.Remove((user.Connection, Normalize(email)));
        }

        if (user.Username is { } username)
        {
            _byUsername.Remove((user.Connection, Normalize(username)));
        }
    }

    private Auth0JobView View(Auth0ImportJob job)
    {
        var total = job.Users.Count;
        var left = job.Status == Auth0JobStatus.Processing ? total - job.Processed : 0;
        var timeLeft = TimeSpan.FromSeconds(left / _options.UsersPerSecond);
        return new Auth0JobView(
            job.Id,
            job.Status,
            job.CreatedAt,
            job.Connection.Id,
            job.Connection.Name,
            job.Upsert,
            job.ExternalId,
            job.SendCompletionEmail,
            job.Status == Auth0JobStatus.Completed ? job.Processed : total,
            job.Processed,
            job.Inserted,
            job.Updated,
            job.Failed,
            timeLeft);
    }

    /// <summary>Auth0 keeps emails in lower case; usernames compare without case.</summary>
    private static string Normalize(string value) => value.ToLowerInvariant();

    private static string DerivedConnectionId(string name) =>
        "con_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16];
}
