using System.Text.Json;
using System.Text.Json.Nodes;
using Ferry.Sandbox.Okta;
using Ferry.Sandbox.Search;
using Ferry.Sandbox.Users;
using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Directory;

/// <summary>
/// The org's users, groups and memberships, in memory. One lock guards every structure: each operation is short
/// and O(1) or O(page), so a single lock keeps the rules (unique logins, status transitions) simple and exact
/// under concurrent load. Readers get immutable snapshots. Nothing grows except with users, groups and memberships.
/// </summary>
public sealed class OrgDirectory
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly SandboxOptions _options;

    private readonly Dictionary<string, DirectoryUser> _users = new(StringComparer.Ordinal);
    private readonly List<string?> _userOrder = [];
    private readonly Dictionary<string, string> _userIdByLoginKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _userIdsByShortName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _userIdsByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _statusCounts = new(StringComparer.Ordinal);

    private readonly Dictionary<string, DirectoryGroup> _groups = new(StringComparer.Ordinal);
    private readonly List<string?> _groupOrder = [];
    private readonly Dictionary<string, string> _oktaGroupIdByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, MemberList> _membersByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MemberList> _groupsByUser = new(StringComparer.Ordinal);

    private readonly Dictionary<string, (string Login, int Count)> _createAttempts = new(StringComparer.Ordinal);
    private readonly MemberList _emailedUsers = new();
    private long _emailsSent;
    private long _duplicateCreates;
    private string _everyoneGroupId = string.Empty;

    public OrgDirectory(IOptions<SandboxOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        DefaultUserTypeId = OktaIds.New(OktaIds.UserTypePrefix, 17);
        lock (_lock)
        {
            ResetLocked();
        }
    }

    /// <summary>The org's default user type; <c>type.id</c> on create must be this one or absent.</summary>
    public string DefaultUserTypeId { get; }

    public string EveryoneGroupId
    {
        get
        {
            lock (_lock)
            {
                return _everyoneGroupId;
            }
        }
    }

    // ---- Users ----------------------------------------------------------------------------------------------

    /// <summary>Counts a create request for <paramref name="login"/>, whatever its fate (for createAttemptsByLogin).</summary>
    public void RecordCreateAttempt(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        var key = LoginKey.For(login);
        lock (_lock)
        {
            _createAttempts[key] = _createAttempts.TryGetValue(key, out var seen) ? (seen.Login, seen.Count + 1) : (login, 1);
        }
    }

    public Outcome<DirectoryUser> CreateUser(NewUser request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var login = request.Login;
        var key = LoginKey.For(login);
        var profileJson = JsonSerializer.SerializeToUtf8Bytes(request.Profile, OktaJson.SerializerOptions);
        lock (_lock)
        {
            if (_userIdByLoginKey.ContainsKey(key))
            {
                _duplicateCreates++;
                return OktaErrors.DuplicateLogin;
            }

            if (request.TypeId is { } typeId && typeId != DefaultUserTypeId)
            {
                return OktaErrors.ValidationFailed("type", [$"type: User type '{typeId}' does not exist"]);
            }

            foreach (var groupId in request.GroupIds)
            {
                if (!_groups.TryGetValue(groupId, out var group))
                {
                    return OktaErrors.NotFound(groupId, "UserGroup");
                }

                if (group.Type != DirectoryGroup.OktaGroup)
                {
                    return OktaErrors.AccessDenied;
                }
            }

            var credentials = request.Credentials;
            var status = !request.Activate ? UserStatus.Staged
                : credentials.IsExternalProvider ? UserStatus.Active
                : credentials.HasPassword ? (request.ExpirePassword ? UserStatus.PasswordExpired : UserStatus.Active)
                : UserStatus.Provisioned;
            var emailed = status == UserStatus.Provisioned;
            var user = new DirectoryUser
            {
                Id = NewUniqueUserId(),
                Seq = _userOrder.Count,
                Status = status,
                Created = now,
                LastUpdated = now,
                Activated = status is UserStatus.Active or UserStatus.PasswordExpired ? now : null,
                StatusChanged = request.Activate ? now : null,
                PasswordChanged = credentials.HasPassword ? now : null,
                TypeId = DefaultUserTypeId,
                ProfileJson = profileJson,
                Login = login,
                Email = UserProfileSchema.TextOf(request.Profile, "email") ?? string.Empty,
                FirstName = UserProfileSchema.TextOf(request.Profile, "firstName"),
                LastName = UserProfileSchema.TextOf(request.Profile, "lastName"),
                HasPassword = credentials.HasPassword,
                ProviderType = credentials.ProviderType,
                ProviderName = credentials.ProviderName,
                RecoveryQuestion = credentials.RecoveryQuestion,
                ActivationEmails = emailed ? 1 : 0,
            };
            Store(null, user);
            if (emailed)
            {
                CountEmail(user.Id);
            }

            foreach (var groupId in request.GroupIds)
            {
                AddMemberLocked(groupId, user.Id, now);
            }

            return user;
        }
    }

    /// <summary>
    /// A user by id, login, or unambiguous login short name. With <paramref name="consistentRead"/> false (GET and
    /// search), users created less than <see cref="ConsistencyOptions.ReadAfterCreateDelay"/> ago are not found yet.
    /// </summary>
    public DirectoryUser? FindUser(string idOrLogin, bool consistentRead = false)
    {
        ArgumentNullException.ThrowIfNull(idOrLogin);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var user = FindUserLocked(idOrLogin);
            return user is not null && (consistentRead || Visible(user, now)) ? user : null;
        }
    }

    /// <summary>Partial update (<c>POST /api/v1/users/{id}</c>): given profile properties replace stored ones; null clears.</summary>
    public Outcome<DirectoryUser> UpdateUser(string idOrLogin, JsonObject? profilePatch, JsonObject? credentials)
    {
        ArgumentNullException.ThrowIfNull(idOrLogin);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (FindUserLocked(idOrLogin) is not { } existing)
            {
                return OktaErrors.NotFound(idOrLogin, "User");
            }

            var profile = JsonNode.Parse(existing.ProfileJson)!.AsObject();
            if (profilePatch is not null)
            {
                foreach (var (name, value) in profilePatch)
                {
                    profile[name] = value?.DeepClone();
                }

                var failures = UserProfileSchema.Validate(profile, _options.Profile);
                if (failures.Count > 0)
                {
                    return OktaErrors.ValidationFailed(failures[0].Field, failures.Select(f => f.Cause).ToList());
                }

                var unknown = UserProfileSchema.UnknownAttributes(profilePatch, _options.Profile);
                if (unknown.Count > 0)
                {
                    return OktaErrors.ValidationFailed(
                        "user",
                        unknown.Select(name => $"Property name '{name}' is not defined in profile").ToList());
                }
            }

            var login = UserProfileSchema.TextOf(profile, "login")!;
            if (_userIdByLoginKey.TryGetValue(LoginKey.For(login), out var holder) && holder != existing.Id)
            {
                return OktaErrors.DuplicateLogin;
            }

            var updated = existing with
            {
                ProfileJson = JsonSerializer.SerializeToUtf8Bytes(profile, OktaJson.SerializerOptions),
                Login = login,
                Email = UserProfileSchema.TextOf(profile, "email") ?? string.Empty,
                FirstName = UserProfileSchema.TextOf(profile, "firstName"),
                LastName = UserProfileSchema.TextOf(profile, "lastName"),
                LastUpdated = now,
            };

            if (credentials is not null)
            {
                if (credentials["password"] is JsonObject { } password && password["hash"] is not null
                    && existing.Status != UserStatus.Staged)
                {
                    return OktaErrors.ValidationFailed("password", ["password: A hashed password can only be set on a STAGED user"]);
                }

                var read = CreateUserReader.ReadCredentials(credentials, provider: false, login);
                if (read.Failed)
                {
                    return read.Error;
                }

                if (read.Value.HasPassword)
                {
                    updated = updated with
                    {
                        HasPassword = true,
                        PasswordChanged = now,
                        ProviderType = read.Value.ProviderType,
                        ProviderName = read.Value.ProviderName,
                    };
                }

                if (read.Value.RecoveryQuestion is { } question)
                {
                    updated = updated with { RecoveryQuestion = question };
                }
            }

            Store(existing, updated);
            return updated;
        }
    }

    /// <summary><c>lifecycle/activate</c>: from STAGED or DEPROVISIONED only; a user without a password becomes PROVISIONED.</summary>
    public Outcome<ActivationResult> Activate(string idOrLogin, bool sendEmail)
    {
        ArgumentNullException.ThrowIfNull(idOrLogin);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (FindUserLocked(idOrLogin) is not { } user)
            {
                return OktaErrors.NotFound(idOrLogin, "User");
            }

            if (user.Status == UserStatus.Active)
            {
                return OktaErrors.AlreadyActive;
            }

            if (user.Status is not (UserStatus.Staged or UserStatus.Deprovisioned))
            {
                return OktaErrors.OperationNotAllowedInStatus;
            }

            var active = user.HasPassword || user.ProviderType is "FEDERATION" or "SOCIAL";
            var emailed = sendEmail && !active;
            var updated = user with
            {
                Status = active ? UserStatus.Active : UserStatus.Provisioned,
                StatusChanged = now,
                LastUpdated = now,
                Activated = active ? now : user.Activated,
                ActivationEmails = user.ActivationEmails + (emailed ? 1 : 0),
            };
            Store(user, updated);
            if (emailed)
            {
                CountEmail(user.Id);
            }

            return new ActivationResult(updated, emailed, sendEmail ? null : OktaIds.NewActivationToken());
        }
    }

    /// <summary><c>lifecycle/reactivate</c>: from PROVISIONED or RECOVERY only; the user stays PROVISIONED.</summary>
    public Outcome<ActivationResult> Reactivate(string idOrLogin, bool sendEmail)
    {
        ArgumentNullException.ThrowIfNull(idOrLogin);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (FindUserLocked(idOrLogin) is not { } user)
            {
                return OktaErrors.NotFound(idOrLogin, "User");
            }

            if (user.Status is not (UserStatus.Provisioned or UserStatus.Recovery))
            {
                return OktaErrors.OperationNotAllowedInStatus;
            }

            var updated = user with
            {
                Status = UserStatus.Provisioned,
                StatusChanged = user.Status == UserStatus.Provisioned ? user.StatusChanged : now,
                LastUpdated = now,
                ReactivationEmails = user.ReactivationEmails + (sendEmail ? 1 : 0),
            };
            Store(user, updated);
            if (sendEmail)
            {
                CountEmail(user.Id);
            }

            return new ActivationResult(updated, sendEmail, sendEmail ? null : OktaIds.NewActivationToken());
        }
    }

    /// <summary><c>lifecycle/deactivate</c>: any status but DEPROVISIONED becomes DEPROVISIONED.</summary>
    public Outcome<DirectoryUser> Deactivate(string idOrLogin)
    {
        ArgumentNullException.ThrowIfNull(idOrLogin);
        return Transition(idOrLogin, status => status != UserStatus.Deprovisioned, UserStatus.Deprovisioned);
    }

    /// <summary>Forces a status (inspection API), e.g. to stand in for a user who completed activation or lost a password.</summary>
    public Outcome<DirectoryUser> SetStatus(string idOrLogin, string status)
    {
        ArgumentNullException.ThrowIfNull(idOrLogin);
        return UserStatus.All.Contains(status, StringComparer.Ordinal)
            ? Transition(idOrLogin, _ => true, status)
            : OktaErrors.ValidationFailed("status", [$"status: '{status}' is not a user status"]);
    }

    /// <summary>
    /// <c>DELETE /api/v1/users/{id}</c>, as Okta: a DEPROVISIONED user is deleted for good (with its memberships); any
    /// other user is only deactivated (DEPROVISIONED), and a second delete is needed. Returns whether the user is gone.
    /// </summary>
    public Outcome<bool> DeleteUser(string idOrLogin)
    {
        ArgumentNullException.ThrowIfNull(idOrLogin);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (FindUserLocked(idOrLogin) is not { } user)
            {
                return OktaErrors.NotFound(idOrLogin, "User");
            }

            if (user.Status != UserStatus.Deprovisioned)
            {
                Store(user, user with { Status = UserStatus.Deprovisioned, StatusChanged = now, LastUpdated = now });
                return false;
            }

            _users.Remove(user.Id);
            _userOrder[user.Seq] = null;
            _statusCounts[user.Status]--;
            _userIdByLoginKey.Remove(LoginKey.For(user.Login));
            RemoveFrom(_userIdsByShortName, LoginKey.ShortName(user.Login), user.Id);
            RemoveFrom(_userIdsByEmail, user.Email, user.Id);
            foreach (var groupId in _groupsByUser[user.Id].After(null).ToList())
            {
                _membersByGroup[groupId].Remove(user.Id);
                _groups[groupId] = _groups[groupId] with { LastMembershipUpdated = now };
            }

            _groupsByUser.Remove(user.Id);
            _emailedUsers.Remove(user.Id);
            return true;
        }
    }

    /// <summary>
    /// Stands in for the user signing in (inspection API): sets <c>lastLogin</c>. Only a user who can sign in
    /// (ACTIVE, PASSWORD_EXPIRED, RECOVERY, LOCKED_OUT) can; others get E0000038.
    /// </summary>
    public Outcome<DirectoryUser> SignIn(string idOrLogin)
    {
        ArgumentNullException.ThrowIfNull(idOrLogin);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (FindUserLocked(idOrLogin) is not { } user)
            {
                return OktaErrors.NotFound(idOrLogin, "User");
            }

            if (user.Status is not (UserStatus.Active or UserStatus.PasswordExpired or UserStatus.Recovery or UserStatus.LockedOut))
            {
                return OktaErrors.OperationNotAllowedInStatus;
            }

            var updated = user with { LastLogin = now };
            Store(user, updated);
            return updated;
        }
    }

    public Page<DirectoryUser> ListUsers(UserListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = _time.GetUtcNow();
        var expression = query.Search ?? query.Filter;
        var caseSensitive = query.Search is null && query.Filter is not null;
        lock (_lock)
        {
            if (query.Q is { } q)
            {
                var found = _userOrder
                    .OfType<string>()
                    .Select(id => _users[id])
                    .Where(u => Visible(u, now) && u.Status != UserStatus.Deprovisioned
                        && (StartsWith(u.FirstName, q) || StartsWith(u.LastName, q) || StartsWith(u.Email, q)))
                    .Take(query.Limit)
                    .ToList();
                return new Page<DirectoryUser>(found, null);
            }

            if (expression is not null && TryIndexedUsers(expression, caseSensitive, out var indexed))
            {
                var hits = query.After is null ? indexed.Where(u => Visible(u, now)).Take(query.Limit).ToList() : [];
                return new Page<DirectoryUser>(hits, null);
            }

            var start = 0;
            if (query.After is not null)
            {
                if (!_users.TryGetValue(query.After, out var cursor))
                {
                    return new Page<DirectoryUser>([], null);
                }

                start = cursor.Seq + 1;
            }

            var items = new List<DirectoryUser>(Math.Min(query.Limit, 256));
            for (var i = start; i < _userOrder.Count; i++)
            {
                if (_userOrder[i] is not { } userId)
                {
                    continue; // deleted
                }

                var user = _users[userId];
                if (!Visible(user, now))
                {
                    continue;
                }

                if (expression is null ? user.Status == UserStatus.Deprovisioned : !Matches(expression, user, caseSensitive))
                {
                    continue;
                }

                if (items.Count == query.Limit)
                {
                    return new Page<DirectoryUser>(items, items[^1].Id);
                }

                items.Add(user);
            }

            return new Page<DirectoryUser>(items, null);
        }
    }

    /// <summary>The groups a user belongs to, Everyone first (<c>GET /api/v1/users/{id}/groups</c>).</summary>
    public Outcome<IReadOnlyList<DirectoryGroup>> GroupsOfUser(string idOrLogin)
    {
        ArgumentNullException.ThrowIfNull(idOrLogin);
        lock (_lock)
        {
            if (FindUserLocked(idOrLogin) is not { } user)
            {
                return OktaErrors.NotFound(idOrLogin, "User");
            }

            var groups = new List<DirectoryGroup> { _groups[_everyoneGroupId] };
            groups.AddRange(_groupsByUser[user.Id].After(null).Select(id => _groups[id]));
            return groups;
        }
    }

    // ---- Groups ---------------------------------------------------------------------------------------------

    public Outcome<DirectoryGroup> CreateGroup(string? name, string? description)
    {
        var causes = new List<string>();
        if (string.IsNullOrWhiteSpace(name))
        {
            causes.Add("name: The field cannot be left blank");
        }
        else if (name.Length > 255)
        {
            causes.Add("name: The field is too long (maximum 255 characters)");
        }

        if (description is { Length: > 1024 })
        {
            causes.Add("description: The field is too long (maximum 1024 characters)");
        }

        if (causes.Count > 0)
        {
            return OktaErrors.ValidationFailed(causes[0][..causes[0].IndexOf(':', StringComparison.Ordinal)], causes);
        }

        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_oktaGroupIdByName.ContainsKey(name!))
            {
                return OktaErrors.DuplicateGroupName;
            }

            var group = NewGroupLocked(DirectoryGroup.OktaGroup, name!, description, now);
            _oktaGroupIdByName[name!] = group.Id;
            return group;
        }
    }

    public DirectoryGroup? FindGroup(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            return _groups.GetValueOrDefault(id);
        }
    }

    public Page<DirectoryGroup> ListGroups(GroupListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var expression = query.Search ?? query.Filter;
        var caseSensitive = query.Search is null && query.Filter is not null;
        lock (_lock)
        {
            if (query.Q is { } q)
            {
                var found = _groupOrder
                    .OfType<string>()
                    .Select(id => _groups[id])
                    .Where(g => g.Name.StartsWith(q, StringComparison.OrdinalIgnoreCase))
                    .Take(query.Limit)
                    .ToList();
                return new Page<DirectoryGroup>(found, null);
            }

            var start = 0;
            if (query.After is not null)
            {
                if (!_groups.TryGetValue(query.After, out var cursor))
                {
                    return new Page<DirectoryGroup>([], null);
                }

                start = cursor.Seq + 1;
            }

            if (expression is not null && expression.IsEqualityOn("profile.name", out var wanted) && query.After is null)
            {
                var named = _groupOrder
                    .OfType<string>()
                    .Select(id => _groups[id])
                    .Where(g => g.Type != DirectoryGroup.OktaGroup && string.Equals(g.Name, wanted, StringComparison.OrdinalIgnoreCase))
                    .ToList();
                if (_oktaGroupIdByName.TryGetValue(wanted, out var oktaId))
                {
                    named.Add(_groups[oktaId]);
                }

                return new Page<DirectoryGroup>(named.Where(g => Matches(expression, g, caseSensitive)).Take(query.Limit).ToList(), null);
            }

            var items = new List<DirectoryGroup>();
            for (var i = start; i < _groupOrder.Count; i++)
            {
                if (_groupOrder[i] is not { } groupId)
                {
                    continue; // deleted
                }

                var group = _groups[groupId];
                if (expression is not null && !Matches(expression, group, caseSensitive))
                {
                    continue;
                }

                if (items.Count == query.Limit)
                {
                    return new Page<DirectoryGroup>(items, items[^1].Id);
                }

                items.Add(group);
            }

            return new Page<DirectoryGroup>(items, null);
        }
    }

    /// <summary><c>PUT /api/v1/groups/{groupId}/users/{userId}</c>; idempotent. True when the membership is new.</summary>
    public Outcome<bool> AddMember(string groupId, string userId)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentNullException.ThrowIfNull(userId);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group))
            {
                return OktaErrors.NotFound(groupId, "UserGroup");
            }

            if (FindUserLocked(userId) is not { } user)
            {
                return OktaErrors.NotFound(userId, "User");
            }

            if (group.Type != DirectoryGroup.OktaGroup)
            {
                return OktaErrors.AccessDenied;
            }

            return AddMemberLocked(groupId, user.Id, now);
        }
    }

    /// <summary><c>DELETE /api/v1/groups/{groupId}/users/{userId}</c>; idempotent. True when a membership was removed.</summary>
    public Outcome<bool> RemoveMember(string groupId, string userId)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentNullException.ThrowIfNull(userId);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group))
            {
                return OktaErrors.NotFound(groupId, "UserGroup");
            }

            if (FindUserLocked(userId) is not { } user)
            {
                return OktaErrors.NotFound(userId, "User");
            }

            if (group.Type != DirectoryGroup.OktaGroup)
            {
                return OktaErrors.AccessDenied;
            }

            var removed = _membersByGroup[groupId].Remove(user.Id);
            _groupsByUser[user.Id].Remove(groupId);
            if (removed)
            {
                _groups[groupId] = group with { LastMembershipUpdated = now };
            }

            return removed;
        }
    }

    /// <summary><c>DELETE /api/v1/groups/{groupId}</c>: an OKTA_GROUP and its memberships; Everyone (BUILT_IN) is refused (403).</summary>
    public Outcome<bool> DeleteGroup(string groupId)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group))
            {
                return OktaErrors.NotFound(groupId, "UserGroup");
            }

            if (group.Type != DirectoryGroup.OktaGroup)
            {
                return OktaErrors.AccessDenied;
            }

            foreach (var userId in _membersByGroup[groupId].After(null).ToList())
            {
                _groupsByUser[userId].Remove(groupId);
            }

            _membersByGroup.Remove(groupId);
            _groups.Remove(groupId);
            _groupOrder[group.Seq] = null;
            _oktaGroupIdByName.Remove(group.Name);
            return true;
        }
    }

    public Outcome<Page<DirectoryUser>> ListMembers(string groupId, string? after, int limit)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out _))
            {
                return OktaErrors.NotFound(groupId, "UserGroup");
            }

            IEnumerable<string> ids;
            if (groupId == _everyoneGroupId)
            {
                var start = after is not null && _users.TryGetValue(after, out var cursor) ? cursor.Seq + 1 : 0;
                ids = _userOrder.Skip(start).OfType<string>();
            }
            else
            {
                ids = _membersByGroup[groupId].After(after);
            }

            var page = ids.Take(limit + 1).Select(id => _users[id]).ToList();
            return page.Count > limit
                ? new Page<DirectoryUser>(page.Take(limit).ToList(), page[limit - 1].Id)
                : new Page<DirectoryUser>(page, null);
        }
    }

    // ---- Inspection -----------------------------------------------------------------------------------------

    public DirectorySnapshot Snapshot()
    {
        lock (_lock)
        {
            return new DirectorySnapshot(
                _users.Count,
                _statusCounts.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                _groups.Count,
                _emailsSent,
                _duplicateCreates,
                _createAttempts.Values.Where(a => a.Count > 1).ToDictionary(a => a.Login, a => a.Count, StringComparer.Ordinal));
        }
    }

    public IReadOnlyList<EmailRecord> Emails()
    {
        lock (_lock)
        {
            return _emailedUsers.After(null)
                .Select(id => _users[id])
                .Select(u => new EmailRecord(u.Id, u.Login, u.Email, u.ActivationEmails, u.ReactivationEmails))
                .ToList();
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            ResetLocked();
        }
    }

    // ---- Internals (call with the lock held) ----------------------------------------------------------------

    private void ResetLocked()
    {
        _users.Clear();
        _userOrder.Clear();
        _userIdByLoginKey.Clear();
        _userIdsByShortName.Clear();
        _userIdsByEmail.Clear();
        _statusCounts.Clear();
        _groups.Clear();
        _groupOrder.Clear();
        _oktaGroupIdByName.Clear();
        _membersByGroup.Clear();
        _groupsByUser.Clear();
        _createAttempts.Clear();
        _emailedUsers.Clear();
        _emailsSent = 0;
        _duplicateCreates = 0;
        _everyoneGroupId = NewGroupLocked(DirectoryGroup.BuiltIn, "Everyone", "All users in your organization", _time.GetUtcNow()).Id;
    }

    private DirectoryGroup NewGroupLocked(string type, string name, string? description, DateTimeOffset now)
    {
        string id;
        do
        {
            id = OktaIds.NewGroupId();
        }
        while (_groups.ContainsKey(id));

        var group = new DirectoryGroup
        {
            Id = id,
            Seq = _groupOrder.Count,
            Type = type,
            Name = name,
            Description = description,
            Created = now,
            LastUpdated = now,
            LastMembershipUpdated = now,
        };
        _groups[id] = group;
        _groupOrder.Add(id);
        _membersByGroup[id] = new MemberList();
        return group;
    }

    private bool AddMemberLocked(string groupId, string userId, DateTimeOffset now)
    {
        var added = _membersByGroup[groupId].Add(userId);
        _groupsByUser[userId].Add(groupId);
        if (added)
        {
            _groups[groupId] = _groups[groupId] with { LastMembershipUpdated = now };
        }

        return added;
    }

    private Outcome<DirectoryUser> Transition(string idOrLogin, Func<string, bool> allowedFrom, string to)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (FindUserLocked(idOrLogin) is not { } user)
            {
                return OktaErrors.NotFound(idOrLogin, "User");
            }

            if (!allowedFrom(user.Status))
            {
                return OktaErrors.OperationNotAllowedInStatus;
            }

            var updated = user with
            {
                Status = to,
                StatusChanged = now,
                LastUpdated = now,
                Activated = to == UserStatus.Active ? user.Activated ?? now : user.Activated,
            };
            Store(user, updated);
            return updated;
        }
    }

    private DirectoryUser? FindUserLocked(string idOrLogin)
    {
        if (_users.TryGetValue(idOrLogin, out var byId))
        {
            return byId;
        }

        if (_userIdByLoginKey.TryGetValue(LoginKey.For(idOrLogin), out var id))
        {
            return _users[id];
        }

        return !idOrLogin.Contains('@', StringComparison.Ordinal)
            && _userIdsByShortName.TryGetValue(LoginKey.For(idOrLogin), out var ids) && ids.Count == 1
            ? _users[ids[0]]
            : null;
    }

    private void Store(DirectoryUser? previous, DirectoryUser current)
    {
        if (previous is null)
        {
            _userOrder.Add(current.Id);
            _groupsByUser[current.Id] = new MemberList();
        }
        else
        {
            _statusCounts[previous.Status]--;
            if (previous.Login != current.Login)
            {
                _userIdByLoginKey.Remove(LoginKey.For(previous.Login));
                RemoveFrom(_userIdsByShortName, LoginKey.ShortName(previous.Login), previous.Id);
            }

            if (!string.Equals(previous.Email, current.Email, StringComparison.OrdinalIgnoreCase))
            {
                RemoveFrom(_userIdsByEmail, previous.Email, previous.Id);
            }
        }

        _users[current.Id] = current;
        _statusCounts[current.Status] = _statusCounts.GetValueOrDefault(current.Status) + 1;
        if (previous is null || previous.Login != current.Login)
        {
            _userIdByLoginKey[LoginKey.For(current.Login)] = current.Id;
            AddTo(_userIdsByShortName, LoginKey.ShortName(current.Login), current.Id);
        }

        if (previous is null || !string.Equals(previous.Email, current.Email, StringComparison.OrdinalIgnoreCase))
        {
            AddTo(_userIdsByEmail, current.Email, current.Id);
        }
    }

    private void CountEmail(string userId)
    {
        _emailsSent++;
        _emailedUsers.Add(userId);
    }

    private string NewUniqueUserId()
    {
        string id;
        do
        {
            id = OktaIds.NewUserId();
        }
        while (_users.ContainsKey(id));

        return id;
    }

    private bool Visible(DirectoryUser user, DateTimeOffset now) =>
        _options.Consistency.ReadAfterCreateDelay <= TimeSpan.Zero || now >= user.Created + _options.Consistency.ReadAfterCreateDelay;

    private bool TryIndexedUsers(SearchExpression expression, bool caseSensitive, out IEnumerable<DirectoryUser> users)
    {
        var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (expression.IsEqualityOn("profile.login", out var login))
        {
            users = _userIdByLoginKey.TryGetValue(LoginKey.For(login), out var id) && string.Equals(_users[id].Login, login, comparison)
                ? [_users[id]]
                : [];
            return true;
        }

        if (expression.IsEqualityOn("id", out var userId))
        {
            users = _users.TryGetValue(userId, out var user) ? [user] : [];
            return true;
        }

        if (expression.IsEqualityOn("profile.email", out var email))
        {
            users = _userIdsByEmail.TryGetValue(email, out var ids)
                ? ids.Select(i => _users[i]).Where(u => string.Equals(u.Email, email, comparison)).OrderBy(u => u.Seq).ToList()
                : [];
            return true;
        }

        users = [];
        return false;
    }

    private static bool Matches(SearchExpression expression, DirectoryUser user, bool caseSensitive)
    {
        JsonObject? profile = null;
        return expression.Matches(
            attribute =>
            {
                switch (attribute)
                {
                    case "id": return [user.Id];
                    case "status": return [user.Status];
                    case "created": return [OktaTime.Format(user.Created)];
                    case "lastUpdated": return [OktaTime.Format(user.LastUpdated)];
                    case "activated": return user.Activated is { } a ? [OktaTime.Format(a)] : [];
                    case "statusChanged": return user.StatusChanged is { } s ? [OktaTime.Format(s)] : [];
                    case "passwordChanged": return user.PasswordChanged is { } p ? [OktaTime.Format(p)] : [];
                    case "type.id": return [user.TypeId];
                    case "credentials.provider.type": return [user.ProviderType];
                }

                if (!attribute.StartsWith("profile.", StringComparison.Ordinal))
                {
                    return [];
                }

                profile ??= JsonNode.Parse(user.ProfileJson)!.AsObject();
                return ValuesOf(profile[attribute["profile.".Length..]]);
            },
            caseSensitive);
    }

    private static bool Matches(SearchExpression expression, DirectoryGroup group, bool caseSensitive) =>
        expression.Matches(
            attribute => attribute switch
            {
                "id" => [group.Id],
                "type" => [group.Type],
                "created" => [OktaTime.Format(group.Created)],
                "lastUpdated" => [OktaTime.Format(group.LastUpdated)],
                "lastMembershipUpdated" => [OktaTime.Format(group.LastMembershipUpdated)],
                "profile.name" => [group.Name],
                "profile.description" => group.Description is { } d ? [d] : [],
                _ => [],
            },
            caseSensitive);

    private static IReadOnlyList<string> ValuesOf(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.SelectMany(ValuesOf).ToList(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        JsonValue value => [value.ToJsonString()],
        _ => [],
    };

    private static bool StartsWith(string? value, string prefix) =>
        value is not null && value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static void AddTo(Dictionary<string, List<string>> index, string key, string id)
    {
        if (!index.TryGetValue(key, out var ids))
        {
            index[key] = ids = [];
        }

        ids.Add(id);
    }

    private static void RemoveFrom(Dictionary<string, List<string>> index, string key, string id)
    {
        if (index.TryGetValue(key, out var ids) && ids.Remove(id) && ids.Count == 0)
        {
            index.Remove(key);
        }
    }
}
