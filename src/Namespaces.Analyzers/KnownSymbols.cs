using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Namespaces.Analyzers;

/// <summary>
/// The types the rules match against, resolved once per compilation. Rules compare symbols with these,
/// never names written in source, so aliases, <c>using static</c> and fully qualified calls all match.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation, INamedTypeSymbol runInNamespaceAttribute)
    {
        Compilation = compilation;
        RunInNamespaceAttribute = runInNamespaceAttribute;
        NamespaceSet = Get(compilation, "Namespaces.NamespaceSet");
        NamespaceDispatch = Get(compilation, "Namespaces.CompilerServices.NamespaceDispatch");
        NS = Get(compilation, "Namespaces.NS");
        GeneratedCodeAttribute = Get(compilation, "System.CodeDom.Compiler.GeneratedCodeAttribute");

        Task = Get(compilation, "System.Threading.Tasks.Task");
        TaskOfT = Get(compilation, "System.Threading.Tasks.Task`1");
        ValueTask = Get(compilation, "System.Threading.Tasks.ValueTask");
        ValueTaskOfT = Get(compilation, "System.Threading.Tasks.ValueTask`1");
        TaskFactory = Get(compilation, "System.Threading.Tasks.TaskFactory");
        TaskFactoryOfT = Get(compilation, "System.Threading.Tasks.TaskFactory`1");
        TaskScheduler = Get(compilation, "System.Threading.Tasks.TaskScheduler");
        Parallel = Get(compilation, "System.Threading.Tasks.Parallel");
        ParallelEnumerable = Get(compilation, "System.Linq.ParallelEnumerable");
        Thread = Get(compilation, "System.Threading.Thread");
        ThreadPool = Get(compilation, "System.Threading.ThreadPool");
        ThreadingTimer = Get(compilation, "System.Threading.Timer");
        TimersTimer = Get(compilation, "System.Timers.Timer");
        PeriodicTimer = Get(compilation, "System.Threading.PeriodicTimer");
        SynchronizationContext = Get(compilation, "System.Threading.SynchronizationContext");
        AsyncEnumerableOfT = Get(compilation, "System.Collections.Generic.IAsyncEnumerable`1");
        NotifyCompletion = Get(compilation, "System.Runtime.CompilerServices.INotifyCompletion");
        CancellationTokenSource = Get(compilation, "System.Threading.CancellationTokenSource");
        HttpMessageInvoker = Get(compilation, "System.Net.Http.HttpMessageInvoker");

        TaskCompletionSource = Get(compilation, "System.Threading.Tasks.TaskCompletionSource");
        TaskCompletionSourceOfT = Get(compilation, "System.Threading.Tasks.TaskCompletionSource`1");
        SemaphoreSlim = Get(compilation, "System.Threading.SemaphoreSlim");
        ManualResetEventSlim = Get(compilation, "System.Threading.ManualResetEventSlim");
        ChannelWriterOfT = Get(compilation, "System.Threading.Channels.ChannelWriter`1");
        Process = Get(compilation, "System.Diagnostics.Process");
        FileSystemWatcher = Get(compilation, "System.IO.FileSystemWatcher");
        Disposable = Get(compilation, "System.IDisposable");

        Enumerable = Get(compilation, "System.Linq.Enumerable");
        Queryable = Get(compilation, "System.Linq.Queryable");
        EnumerableOfT = Get(compilation, "System.Collections.Generic.IEnumerable`1");
        NonGenericEnumerable = Get(compilation, "System.Collections.IEnumerable");
        Directory = Get(compilation, "System.IO.Directory");
        DirectoryInfo = Get(compilation, "System.IO.DirectoryInfo");
        File = Get(compilation, "System.IO.File");
    }

    public Compilation Compilation { get; }
    public INamedTypeSymbol RunInNamespaceAttribute { get; }
    public INamedTypeSymbol? NamespaceSet { get; }
    public INamedTypeSymbol? NamespaceDispatch { get; }
    public INamedTypeSymbol? NS { get; }
    public INamedTypeSymbol? GeneratedCodeAttribute { get; }

    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? TaskFactory { get; }
    public INamedTypeSymbol? TaskFactoryOfT { get; }
    public INamedTypeSymbol? TaskScheduler { get; }
    public INamedTypeSymbol? Parallel { get; }
    public INamedTypeSymbol? ParallelEnumerable { get; }
    public INamedTypeSymbol? Thread { get; }
    public INamedTypeSymbol? ThreadPool { get; }
    public INamedTypeSymbol? ThreadingTimer { get; }
    public INamedTypeSymbol? TimersTimer { get; }
    public INamedTypeSymbol? PeriodicTimer { get; }
    public INamedTypeSymbol? SynchronizationContext { get; }
    public INamedTypeSymbol? AsyncEnumerableOfT { get; }
    public INamedTypeSymbol? NotifyCompletion { get; }
    public INamedTypeSymbol? CancellationTokenSource { get; }
    public INamedTypeSymbol? HttpMessageInvoker { get; }

    public INamedTypeSymbol? TaskCompletionSource { get; }
    public INamedTypeSymbol? TaskCompletionSourceOfT { get; }
    public INamedTypeSymbol? SemaphoreSlim { get; }
    public INamedTypeSymbol? ManualResetEventSlim { get; }
    public INamedTypeSymbol? ChannelWriterOfT { get; }
    public INamedTypeSymbol? Process { get; }
    public INamedTypeSymbol? FileSystemWatcher { get; }
    public INamedTypeSymbol? Disposable { get; }

    public INamedTypeSymbol? Enumerable { get; }
    public INamedTypeSymbol? Queryable { get; }
    public INamedTypeSymbol? EnumerableOfT { get; }
    public INamedTypeSymbol? NonGenericEnumerable { get; }
    public INamedTypeSymbol? Directory { get; }
    public INamedTypeSymbol? DirectoryInfo { get; }
    public INamedTypeSymbol? File { get; }

    /// <summary>Resolves the symbols, or returns <see langword="null"/> when the compilation does not reference Namespaces (then no rule can apply).</summary>
    public static KnownSymbols? Create(Compilation compilation)
    {
        var attribute = compilation.GetTypeByMetadataName("Namespaces.RunInNamespaceAttribute");
        return attribute is null ? null : new KnownSymbols(compilation, attribute);
    }

    /// <summary>The namespaces a <c>[RunInNamespace]</c> method declares, or <see langword="null"/> when it carries no such attribute.</summary>
    public int? GetRequiredNamespaces(IMethodSymbol method)
    {
        foreach (var attribute in method.OriginalDefinition.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, RunInNamespaceAttribute))
            {
                continue;
            }

            // An attribute with a bad argument still marks a body; NS0002 reports the argument itself.
            return attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int flags ? flags : 0;
        }

        return null;
    }

    /// <summary>Whether <paramref name="type"/> is <paramref name="candidate"/> (generic types compared by definition).</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? candidate) =>
        type is not null && candidate is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, candidate);

    /// <summary>Renders NS flags as the enum's member names ("Net | Mnt"), falling back to hex for unknown bits.</summary>
    public string FormatNamespaces(int flags)
    {
        if (NS is null)
        {
            return "0x" + flags.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        }

        var names = ImmutableArray.CreateBuilder<string>();
        var remaining = flags;
        foreach (var member in NS.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: int value } field && value != 0 && (flags & value) == value)
            {
                names.Add(field.Name);
                remaining &= ~value;
            }
        }

        if (remaining != 0)
        {
            names.Add("0x" + remaining.ToString("X", System.Globalization.CultureInfo.InvariantCulture));
        }

        return names.Count == 0 ? "None" : string.Join(" | ", names);
    }

    private static INamedTypeSymbol? Get(Compilation compilation, string metadataName) =>
        compilation.GetTypeByMetadataName(metadataName);

    /// <summary>Whether the symbol or one of its containing types is marked <c>[GeneratedCode]</c>.</summary>
    public bool IsInGeneratedCode(ISymbol? symbol)
    {
        if (GeneratedCodeAttribute is null)
        {
            return false;
        }

        for (var current = symbol; current is not null; current = current.ContainingSymbol)
        {
            if (current is INamespaceSymbol)
            {
                break;
            }

            foreach (var attribute in current.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, GeneratedCodeAttribute))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
