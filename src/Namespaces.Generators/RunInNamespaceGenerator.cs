using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Namespaces.Generators.Emitting;
using Namespaces.Generators.Parsing;
using Namespaces.Generators.Validation;

namespace Namespaces.Generators;

/// <summary>
/// Adds, for every method marked <c>[RunInNamespace(...)]</c>, an overload taking a <c>NamespaceSet</c> that runs
/// the body on one of the set's namespace threads, and an <c>…Async</c> overload returning a <c>ValueTask</c>.
/// </summary>
/// <remarks>
/// Parser → equatable model → emitter. Diagnostics come from <see cref="RunInNamespaceAnalyzer"/>, not from here,
/// so no <see cref="Location"/> or symbol is held by the pipeline and unrelated edits leave it cached.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class RunInNamespaceGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the step producing one model per attributed method (for caching tests).</summary>
    public const string MethodsStep = "RunInNamespaceMethods";

    /// <summary>The tracking name of the step dropping methods that get no overloads.</summary>
    public const string EmittableMethodsStep = "RunInNamespaceEmittableMethods";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                RunInNamespaceValidator.AttributeMetadataName,
                // Local functions, accessors and operators are refused by the analyzer (NS0004).
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (context, cancellationToken) => RunInNamespaceParser.Parse(context, cancellationToken))
            .WithTrackingName(MethodsStep)
            .Where(static method => method is not null)
            .WithTrackingName(EmittableMethodsStep);

        context.RegisterSourceOutput(methods, static (output, method) =>
            output.AddSource(method!.HintName, RunInNamespaceEmitter.Emit(method)));
    }
}
