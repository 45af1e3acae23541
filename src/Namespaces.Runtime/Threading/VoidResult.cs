namespace Namespaces.Threading;

/// <summary>The result type of a body that returns nothing, so void and value bodies share one work-item type.</summary>
internal readonly struct VoidResult;
