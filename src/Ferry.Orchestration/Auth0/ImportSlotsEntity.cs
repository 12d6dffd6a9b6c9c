using Microsoft.DurableTask.Entities;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// The durable entity that holds one Auth0 tenant's import-job slots (key: the tenant's host): Auth0 runs at most two
/// import jobs per tenant and answers a third with 429, so every chunk of every job on every node takes a slot here
/// before it posts and gives it back when Auth0 is done with its job. A holder asking again keeps its slot (a replayed
/// or restarted chunk); a slot held past its expiry (Auth0's job timeout and a margin) is taken back.
/// </summary>
public sealed class ImportSlotsEntity : TaskEntity<ImportSlots>
{
    /// <summary>The entity's name (Durable Task lower-cases entity names).</summary>
    public const string Name = "auth0importslots";

    public static EntityInstanceId Id(string tenant) => new(Name, tenant);

    /// <summary>Grants a slot to <see cref="SlotRequest.Holder"/> if it has one already or one is free.</summary>
    public bool Acquire(SlotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var stale in State.Holders.Where(h => h.Value + request.Expiry < request.Now).Select(h => h.Key).ToList())
        {
            State.Holders.Remove(stale);
        }

        if (!State.Holders.ContainsKey(request.Holder) && State.Holders.Count >= request.Limit)
        {
            return false;
        }

        State.Holders.TryAdd(request.Holder, request.Now);
        State.MostAtOnce = Math.Max(State.MostAtOnce, State.Holders.Count);
        return true;
    }

    /// <summary>Gives a slot back (nothing when the holder has none).</summary>
    public void Release(string holder) => State.Holders.Remove(holder);

    /// <summary>The state as it stands.</summary>
    public ImportSlots Get() => State;

    protected override ImportSlots InitializeState(TaskEntityOperation entityOperation) => new();
}
