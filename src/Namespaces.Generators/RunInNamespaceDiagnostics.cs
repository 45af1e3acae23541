using Microsoft.CodeAnalysis;
using Namespaces.Diagnostics;

namespace Namespaces.Generators;

/// <summary>
/// The diagnostics about <c>[RunInNamespace]</c> methods themselves (NS0001–NS0006). They are reported by
/// <see cref="RunInNamespaceAnalyzer"/>; which of them stop code from being emitted is decided in one place,
/// <see cref="Validation.RunInNamespaceValidator"/>, which the generator uses too.
/// </summary>
public static class RunInNamespaceDiagnostics
{
    /// <summary>NS0001: the method's type, or a type enclosing it, is not <c>partial</c>.</summary>
    public static readonly DiagnosticDescriptor TypeNotPartial = new(
        id: DiagnosticIds.TypeNotPartial,
        title: "The type of a [RunInNamespace] method must be partial",
        messageFormat: "'{0}' gets no generated overloads because {1} not declared 'partial'",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator adds the overloads that take a NamespaceSet to the method's own type, which needs every enclosing type declaration to be partial.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.TypeNotPartial));

    /// <summary>NS0002: the attribute's flags are <c>NS.None</c> or hold bits that name no namespace.</summary>
    public static readonly DiagnosticDescriptor InvalidNamespaces = new(
        id: DiagnosticIds.InvalidNamespaces,
        title: "[RunInNamespace] needs at least one known namespace",
        messageFormat: "[RunInNamespace] on '{0}' {1}",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The flags must name one or more namespaces (NS.Net, NS.Mnt, ...) and nothing else: NS.None would run the body on a thread that joined nothing, and unknown bits are not CLONE_NEW* flags.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.InvalidNamespaces));

    /// <summary>NS0003: <c>NS.User</c> or <c>NS.Time</c>, which no thread of a .NET process can join.</summary>
    public static readonly DiagnosticDescriptor UnjoinableNamespace = new(
        id: DiagnosticIds.UnjoinableNamespace,
        title: "A .NET process cannot join user or time namespaces",
        messageFormat: "[RunInNamespace] on '{0}' asks for {1}, which a multithreaded process cannot join (setns fails with {2})",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The kernel refuses setns into a user namespace (EINVAL) or a time namespace (EUSERS) from a process with more than one thread, and a .NET process always has several. A set may hold them; a namespace thread cannot enter them.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.UnjoinableNamespace));

    /// <summary>NS0004: a signature that cannot be carried to a namespace thread; the overloads are not generated.</summary>
    public static readonly DiagnosticDescriptor UnsupportedSignature = new(
        id: DiagnosticIds.UnsupportedSignature,
        title: "The generated overloads cannot carry this signature",
        messageFormat: "'{0}' {1}",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The arguments travel to the namespace thread in a struct and the result comes back through a generic delegate, so ref structs, pointers, scoped parameters and ref returns cannot be carried. A ref or out parameter is carried by the synchronous overload only: that case is reported with severity Info, since the method stays usable.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.UnsupportedSignature));

    /// <summary>NS0005: a generated overload would have the signature of a member the type already has.</summary>
    public static readonly DiagnosticDescriptor OverloadCollision = new(
        id: DiagnosticIds.OverloadCollision,
        title: "A generated overload would collide with an existing member",
        messageFormat: "The generated overload '{0}' of '{1}' is not emitted: the type already declares '{2}'",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator adds M(NamespaceSet, ...) and MAsync(NamespaceSet, ..., CancellationToken) to the type; a member with that name and signature already exists.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.OverloadCollision));

    /// <summary>NS0006: joining a PID namespace changes where the body's child processes go, not the body itself.</summary>
    public static readonly DiagnosticDescriptor PidNamespace = new(
        id: DiagnosticIds.PidNamespace,
        title: "Joining a PID namespace affects only child processes",
        messageFormat: "[RunInNamespace] on '{0}' asks for NS.Pid: the body itself keeps its PID and sees the caller's process tree; only processes it starts go into the PID namespace",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "setns with CLONE_NEWPID changes pid_for_children of the calling thread, never its own PID namespace.",
        helpLinkUri: HelpLinks.For(DiagnosticIds.PidNamespace));
}
