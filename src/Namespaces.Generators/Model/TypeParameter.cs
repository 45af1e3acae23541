namespace Namespaces.Generators.Model;

/// <summary>A method type parameter; the argument struct is generic over the same ones.</summary>
/// <param name="Name">The name as an identifier.</param>
/// <param name="Constraints">The constraint list after <c>where T :</c>, or <see langword="null"/> when unconstrained.</param>
internal sealed record TypeParameter(string Name, string? Constraints);
