namespace Namespaces.Generators.Model;

/// <summary>One enclosing type, as it is re-declared around the generated members.</summary>
/// <param name="Modifiers">Modifiers that every partial declaration must repeat (<c>readonly</c>, <c>ref</c>), each followed by a space.</param>
/// <param name="Keyword"><c>class</c>, <c>struct</c>, <c>interface</c>, <c>record</c> or <c>record struct</c>.</param>
/// <param name="NameWithTypeParameters">The name with its type parameter list, e.g. <c>Box&lt;T&gt;</c> or <c>IReader&lt;out T&gt;</c>.</param>
internal sealed record ContainingType(string Modifiers, string Keyword, string NameWithTypeParameters);
