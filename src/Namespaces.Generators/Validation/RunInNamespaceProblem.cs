using Microsoft.CodeAnalysis;

namespace Namespaces.Generators.Validation;

/// <summary>One thing wrong with a <c>[RunInNamespace]</c> method: what to report, where, and with which message arguments.</summary>
internal readonly struct RunInNamespaceProblem
{
    public RunInNamespaceProblem(DiagnosticDescriptor descriptor, Location location, params object[] messageArgs)
        : this(descriptor, descriptor.DefaultSeverity, location, messageArgs)
    {
    }

    public RunInNamespaceProblem(DiagnosticDescriptor descriptor, DiagnosticSeverity severity, Location location, params object[] messageArgs)
    {
        Descriptor = descriptor;
        Severity = severity;
        Location = location;
        MessageArgs = messageArgs;
    }

    public DiagnosticDescriptor Descriptor { get; }

    /// <summary>
    /// Usually the descriptor's default. NS0004 for a ref/out parameter is Info: one descriptor per ID keeps
    /// release tracking (RS2001) consistent, and the method stays usable through its synchronous overload.
    /// </summary>
    public DiagnosticSeverity Severity { get; }

    public Location Location { get; }

    public object[] MessageArgs { get; }

    public Diagnostic ToDiagnostic() => Severity == Descriptor.DefaultSeverity
        ? Diagnostic.Create(Descriptor, Location, MessageArgs)
        : Diagnostic.Create(Descriptor, Location, Severity, additionalLocations: null, properties: null, MessageArgs);
}
