using System;
using System.Threading;

namespace Namespaces.Threading;

/// <summary>A small lock-free pool of reusable objects: the async dispatch path rents its task sources here so it does not allocate.</summary>
internal sealed class ItemPool<T> where T : class, new()
{
    private readonly T?[] _items = new T?[Math.Max(16, Environment.ProcessorCount * 4)];

    public T Rent()
    {
        T?[] items = _items;
        for (int i = 0; i < items.Length; i++)
        {
            T? item = Volatile.Read(ref items[i]);
            if (item is not null && Interlocked.CompareExchange(ref items[i], null, item) == item)
            {
                return item;
            }
        }
        return new T();
    }

    public void Return(T item)
    {
        T?[] items = _items;
        for (int i = 0; i < items.Length; i++)
        {
            if (Volatile.Read(ref items[i]) is null && Interlocked.CompareExchange(ref items[i], item, null) is null)
            {
                return;
            }
        }
        // Full: let the GC have it.
    }
}
