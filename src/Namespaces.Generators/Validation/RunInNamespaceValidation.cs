using System.Collections.Immutable;

namespace Namespaces.Generators.Validation;

/// <summary>The verdict on one <c>[RunInNamespace]</c> method: what the analyzer reports and which overloads the generator emits.</summary>
internal sealed class RunInNamespaceValidation
{
    public RunInNamespaceValidation(ImmutableArray<RunInNamespaceProblem> problems, bool emitSync, bool emitAsync, int namespaces)
    {
        Problems = problems;
        EmitSync = emitSync;
        EmitAsync = emitAsync;
        Namespaces = namespaces;
    }

    public ImmutableArray<RunInNamespaceProblem> Problems { get; }

    /// <summary>Whether the synchronous overload <c>M(NamespaceSet, ...)</c> is emitted.</summary>
    public bool EmitSync { get; }

    /// <summary>Whether the asynchronous overload <c>MAsync(NamespaceSet, ..., CancellationToken)</c> is emitted.</summary>
    public bool EmitAsync { get; }

    /// <summary>The attribute's flags, as the raw <c>NS</c> value.</summary>
    public int Namespaces { get; }
}
