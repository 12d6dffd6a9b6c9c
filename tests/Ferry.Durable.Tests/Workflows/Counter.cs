using Microsoft.DurableTask.Entities;

namespace Ferry.Durable.Tests.Workflows;

/// <summary>An entity holding a number.</summary>
internal sealed class Counter : TaskEntity<int>
{
    public void Add(int amount) => State += amount;

    public int Get() => State;
}
