using DurableTask.Core;

namespace Ferry.Server.Durable;

/// <summary>Durable Task's registry of orchestrations, activities or entities by name, each created anew per work item.</summary>
internal sealed class ServiceTaskRegistry<T> : INameVersionObjectManager<T>
{
    private readonly Dictionary<string, ObjectCreator<T>> _creators = new(StringComparer.OrdinalIgnoreCase);

    public void Add(ObjectCreator<T> creator)
    {
        ArgumentNullException.ThrowIfNull(creator);
        _creators[creator.Name] = creator;
    }

    public T GetObject(string name, string? version) => _creators.TryGetValue(name, out var creator) ? creator.Create() : default!;
}
