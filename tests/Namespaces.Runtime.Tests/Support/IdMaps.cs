namespace Namespaces.Tests.Support;

/// <summary>Id maps the tests create user namespaces with.</summary>
internal static class IdMaps
{
    /// <summary>Root inside is root outside, one id each way: the smallest map that gives a mapped root.</summary>
    public static readonly UnshareOptions Root = UnshareOptions.WithIdMaps([new IdMap(0, 0, 1)], [new IdMap(0, 0, 1)]);
}
