using Xunit;

namespace Namespaces.Tests.Support;

/// <summary>
/// Tests that count process-wide resources (fds, threads, children, zombies) or change global state (/run/netns) run alone,
/// after the parallel ones, so other tests' namespaces do not show up in their counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial: process-wide counts";
}
