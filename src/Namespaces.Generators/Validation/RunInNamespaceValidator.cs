using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Namespaces.Generators.Validation;

/// <summary>
/// The one place that decides what is refused about a <c>[RunInNamespace]</c> method. The analyzer reports its
/// problems; the generator emits exactly the overloads it allows, so the two can never disagree.
/// </summary>
/// <remarks>
/// Only problems that would make the emitted code fail to compile (or be impossible to write) stop emission.
/// Bad flags (NS0002, NS0003) do not: the overloads compile, the analyzer's error already fails the build, and
/// emitting spares the user a second wave of "no overload takes 2 arguments" errors at every call site.
/// </remarks>
internal static class RunInNamespaceValidator
{
    public const string AttributeMetadataName = "Namespaces.RunInNamespaceAttribute";
    public const string NamespaceSetMetadataName = "Namespaces.NamespaceSet";
    public const string GeneratorName = "Namespaces.Generators";

    public static RunInNamespaceValidation Validate(
        IMethodSymbol method, AttributeData attribute, Compilation compilation, CancellationToken cancellationToken)
    {
        // The attribute may sit on the implementation half of a partial method; reason about the declaration.
        method = method.PartialDefinitionPart ?? method;

        var problems = ImmutableArray.CreateBuilder<RunInNamespaceProblem>();
        var display = MethodNames.Display(method);
        var emitSync = true;
        var emitAsync = true;

        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int namespaces)
        {
            // The attribute does not bind (a compiler error says why): nothing to check and nothing to emit.
            return new RunInNamespaceValidation(ImmutableArray<RunInNamespaceProblem>.Empty, false, false, 0);
        }

        CheckNamespaces(namespaces, display, FlagsLocation(attribute, method, cancellationToken), problems);

        if (method.MethodKind != MethodKind.Ordinary)
        {
            var what = method.MethodKind == MethodKind.LocalFunction
                ? "it is a local function; only methods declared in a type get overloads"
                : $"it is {Article(method.MethodKind)}, not an ordinary method";
            problems.Add(new RunInNamespaceProblem(RunInNamespaceDiagnostics.UnsupportedSignature, IdentifierLocation(method), display, "gets no generated overloads: " + what));
            return new RunInNamespaceValidation(problems.ToImmutable(), false, false, namespaces);
        }

        var notPartial = EnclosingTypes(method).Where(type => !IsPartial(type, cancellationToken)).ToList();
        if (notPartial.Count > 0)
        {
            // Emitting for a non-partial type would turn NS0001 into CS0260, which hides the fix.
            problems.Add(new RunInNamespaceProblem(RunInNamespaceDiagnostics.TypeNotPartial, IdentifierLocation(method), display, DescribeNotPartial(notPartial)));
            emitSync = emitAsync = false;
        }

        foreach (var refusal in SignatureRefusals(method, cancellationToken))
        {
            problems.Add(refusal.Problem);
            emitSync &= !refusal.BlocksSync;
            emitAsync = false;
        }

        if (emitSync || emitAsync)
        {
            CheckCollisions(method, compilation, display, ref emitSync, ref emitAsync, problems);
        }

        return new RunInNamespaceValidation(problems.ToImmutable(), emitSync, emitAsync, namespaces);
    }

    private static void CheckNamespaces(int namespaces, string display, Location location, ImmutableArray<RunInNamespaceProblem>.Builder problems)
    {
        if (namespaces == 0)
        {
            problems.Add(new RunInNamespaceProblem(RunInNamespaceDiagnostics.InvalidNamespaces, location, display, "asks for NS.None: name the namespaces the body needs, e.g. NS.Net"));
        }

        var unknown = namespaces & ~NamespaceFlags.KnownMask;
        if (unknown != 0)
        {
            problems.Add(new RunInNamespaceProblem(RunInNamespaceDiagnostics.InvalidNamespaces, location, display,
                $"holds bits that name no namespace (0x{unknown:X8})"));
        }

        var unjoinable = namespaces & (NamespaceFlags.User | NamespaceFlags.Time);
        if (unjoinable != 0)
        {
            var errno = unjoinable switch
            {
                NamespaceFlags.User => "EINVAL",
                NamespaceFlags.Time => "EUSERS",
                _ => "EINVAL and EUSERS",
            };
            problems.Add(new RunInNamespaceProblem(RunInNamespaceDiagnostics.UnjoinableNamespace, location, display,
                string.Join(" and ", NamespaceFlags.Names(unjoinable)), errno));
        }

        if ((namespaces & NamespaceFlags.Pid) != 0)
        {
            problems.Add(new RunInNamespaceProblem(RunInNamespaceDiagnostics.PidNamespace, location, display));
        }
    }

    private readonly struct Refusal
    {
        public Refusal(RunInNamespaceProblem problem, bool blocksSync)
        {
            Problem = problem;
            BlocksSync = blocksSync;
        }

        public RunInNamespaceProblem Problem { get; }

        /// <summary>False when only the asynchronous overload is refused (ref/out parameters).</summary>
        public bool BlocksSync { get; }
    }

    private static IEnumerable<Refusal> SignatureRefusals(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var display = MethodNames.Display(method);
        Refusal Refuse(Location location, string why) =>
            new(new RunInNamespaceProblem(RunInNamespaceDiagnostics.UnsupportedSignature, location, display, "gets no generated overloads: " + why), blocksSync: true);

        if (!method.IsStatic && method.ContainingType.IsRefLikeType)
        {
            yield return Refuse(IdentifierLocation(method),
                $"it is an instance method of the ref struct '{method.ContainingType.Name}', whose 'this' cannot be stored in the struct that carries the arguments");
        }

        if (method.IsVararg)
        {
            yield return Refuse(IdentifierLocation(method), "it takes __arglist, which cannot be forwarded");
        }

        foreach (var parameter in method.Parameters)
        {
            var location = ParameterLocation(parameter, cancellationToken);
            var type = parameter.Type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            if (parameter.Type.IsRefLikeType)
            {
                yield return Refuse(location, $"parameter '{parameter.Name}' is a ref struct ('{type}'), which cannot be stored in the struct that carries the arguments to the namespace thread");
            }
            else if (ContainsPointer(parameter.Type))
            {
                yield return Refuse(location, $"parameter '{parameter.Name}' has a pointer type ('{type}'), which the struct that carries the arguments cannot hold");
            }
            else if (parameter.ScopedKind != ScopedKind.None && parameter.RefKind != RefKind.Out)
            {
                yield return Refuse(location, $"parameter '{parameter.Name}' is 'scoped', so its value must not outlive the call, and carrying it to another thread would let it");
            }
            // 'out' parameters are implicitly scoped; only an explicit 'scoped' is refused above.
            else if (parameter.RefKind is RefKind.Ref or RefKind.Out)
            {
                var modifier = parameter.RefKind == RefKind.Ref ? "ref" : "out";
                yield return new Refusal(
                    new RunInNamespaceProblem(RunInNamespaceDiagnostics.UnsupportedSignature, DiagnosticSeverity.Info, location, display,
                        $"gets no '{MethodNames.AsyncName(method)}' overload: parameter '{parameter.Name}' is '{modifier}', and an asynchronous call has no caller variable left to write it back to; the synchronous overload writes it back"),
                    blocksSync: false);
            }
        }

        var returnLocation = ReturnTypeLocation(method, cancellationToken);
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            yield return Refuse(returnLocation, "it returns by reference, and a reference cannot be handed back from the namespace thread's call");
        }
        else if (method.ReturnType.IsRefLikeType)
        {
            yield return Refuse(returnLocation,
                $"its return type '{method.ReturnType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}' is a ref struct, which cannot be the result of the runtime's generic delegate");
        }
        else if (ContainsPointer(method.ReturnType))
        {
            yield return Refuse(returnLocation, "it returns a pointer, which cannot be the result of the runtime's generic delegate");
        }
    }

    private static void CheckCollisions(
        IMethodSymbol method, Compilation compilation, string display, ref bool emitSync, ref bool emitAsync,
        ImmutableArray<RunInNamespaceProblem>.Builder problems)
    {
        var set = compilation.GetTypeByMetadataName(NamespaceSetMetadataName);
        var token = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        if (set is null || token is null)
        {
            return;
        }

        var parameters = method.Parameters.Select(p => p.Type).ToList();
        var syncSignature = new List<ITypeSymbol> { set };
        syncSignature.AddRange(parameters);
        var asyncSignature = new List<ITypeSymbol>(syncSignature) { token };

        if (emitSync && FindCollision(method, method.Name, syncSignature) is { } syncClash)
        {
            problems.Add(Collision(method, display, method.Name, syncSignature, syncClash));
            emitSync = false;
        }

        if (emitAsync && FindCollision(method, MethodNames.AsyncName(method), asyncSignature) is { } asyncClash)
        {
            problems.Add(Collision(method, display, MethodNames.AsyncName(method), asyncSignature, asyncClash));
            emitAsync = false;
        }

        // A params method also gets MAsync(set, ..., params T[]) without a token (see the emitter).
        if (emitAsync && HasParamsArray(method) && FindCollision(method, MethodNames.AsyncName(method), syncSignature) is { } paramsClash)
        {
            problems.Add(Collision(method, display, MethodNames.AsyncName(method), syncSignature, paramsClash));
            emitAsync = false;
        }
    }

    /// <summary>
    /// A member of the method's type with the generated overload's name that C# would not let stand beside it:
    /// a non-method, or a method with the same arity and parameter types whose ref-ness matches
    /// (C# signatures ignore names, defaults, params, nullability and the difference between ref, out and in).
    /// </summary>
    private static ISymbol? FindCollision(IMethodSymbol method, string name, IReadOnlyList<ITypeSymbol> signature)
    {
        foreach (var member in method.ContainingType.GetMembers(name))
        {
            if (IsGeneratedByUs(member) || SymbolEqualityComparer.Default.Equals(member, method))
            {
                continue;
            }

            if (member is not IMethodSymbol other)
            {
                return member;
            }

            if (other.Arity != method.Arity || other.Parameters.Length != signature.Count)
            {
                continue;
            }

            // Compare with the other method's type parameters replaced by ours, position by position.
            var constructed = other.Arity == 0 ? other : other.Construct(method.TypeParameters.Cast<ITypeSymbol>().ToArray());
            var same = true;
            for (var i = 0; i < signature.Count && same; i++)
            {
                var ourRefKind = i == 0 || i > method.Parameters.Length ? RefKind.None : method.Parameters[i - 1].RefKind;
                same = SymbolEqualityComparer.Default.Equals(constructed.Parameters[i].Type, signature[i])
                    && (constructed.Parameters[i].RefKind == RefKind.None) == (ourRefKind == RefKind.None);
            }

            if (same)
            {
                return other;
            }
        }

        return null;
    }

    private static RunInNamespaceProblem Collision(IMethodSymbol method, string display, string name, IEnumerable<ITypeSymbol> signature, ISymbol existing)
    {
        var generated = name + "(" + string.Join(", ", signature.Select(t => t.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat))) + ")";
        return new RunInNamespaceProblem(RunInNamespaceDiagnostics.OverloadCollision, IdentifierLocation(method), generated, display,
            existing.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat));
    }

    /// <summary>Members this generator emitted: the analyzer sees the generated trees and must not flag them.</summary>
    private static bool IsGeneratedByUs(ISymbol member) =>
        member.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
            && a.ConstructorArguments.Length > 0
            && a.ConstructorArguments[0].Value as string == GeneratorName);

    private static IEnumerable<INamedTypeSymbol> EnclosingTypes(IMethodSymbol method)
    {
        var types = new List<INamedTypeSymbol>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            types.Insert(0, type);
        }

        return types;
    }

    /// <summary>A type is partial when every one of its declarations says so (one that does not is the only one).</summary>
    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Length > 0
        && type.DeclaringSyntaxReferences.All(reference =>
            reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
            && declaration.Modifiers.Any(m => m.ValueText == "partial"));

    private static string DescribeNotPartial(IReadOnlyList<INamedTypeSymbol> types) =>
        types.Count == 1
            ? $"type '{MethodNames.Display(types[0])}' is"
            : "types " + string.Join(", ", types.Take(types.Count - 1).Select(t => $"'{MethodNames.Display(t)}'"))
              + $" and '{MethodNames.Display(types[types.Count - 1])}' are";

    public static bool HasParamsArray(IMethodSymbol method) =>
        method.Parameters.Length > 0 && method.Parameters[method.Parameters.Length - 1].IsParams;

    private static bool ContainsPointer(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => ContainsPointer(array.ElementType),
        _ => false,
    };

    private static string Article(MethodKind kind) => kind switch
    {
        MethodKind.UserDefinedOperator => "an operator",
        MethodKind.Conversion => "a conversion operator",
        MethodKind.PropertyGet or MethodKind.PropertySet => "a property accessor",
        MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise => "an event accessor",
        MethodKind.Constructor or MethodKind.StaticConstructor => "a constructor",
        MethodKind.Destructor => "a finalizer",
        MethodKind.ExplicitInterfaceImplementation => "an explicit interface implementation",
        _ => "a " + kind,
    };

    private static Location IdentifierLocation(IMethodSymbol method) =>
        method.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;

    private static Location FlagsLocation(AttributeData attribute, IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax)
        {
            return syntax.ArgumentList is { Arguments.Count: > 0 } arguments
                ? arguments.Arguments[0].Expression.GetLocation()
                : syntax.GetLocation();
        }

        return IdentifierLocation(method);
    }

    private static Location ParameterLocation(IParameterSymbol parameter, CancellationToken cancellationToken) =>
        parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken).GetLocation()
        ?? parameter.Locations.FirstOrDefault()
        ?? Location.None;

    private static Location ReturnTypeLocation(IMethodSymbol method, CancellationToken cancellationToken) =>
        method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) switch
        {
            MethodDeclarationSyntax declaration => declaration.ReturnType.GetLocation(),
            LocalFunctionStatementSyntax local => local.ReturnType.GetLocation(),
            _ => IdentifierLocation(method),
        };
}
