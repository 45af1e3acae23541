namespace Namespaces.Analyzers.Tests;

/// <summary>The usings every analyzer test source starts with.</summary>
internal static class SourceHeader
{
    public const string Usings = """
        using System;
        using System.Collections;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Namespaces;

        """;
}
