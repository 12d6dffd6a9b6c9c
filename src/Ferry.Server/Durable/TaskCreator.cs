using DurableTask.Core;

namespace Ferry.Server.Durable;

/// <summary>Creates one kind of task (an orchestration, activity or entity shim) by name.</summary>
internal sealed class TaskCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public TaskCreator(string name, Func<T> create)
    {
        Name = name;
        Version = string.Empty;
        _create = create;
    }

    public override T Create() => _create();
}
