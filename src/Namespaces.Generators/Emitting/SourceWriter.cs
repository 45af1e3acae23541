using System.Text;

namespace Namespaces.Generators.Emitting;

/// <summary>A string builder that indents lines by four spaces per level and ends them with <c>\n</c> on every OS.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <c>{</c> and indents what follows.</summary>
    public SourceWriter Open()
    {
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>Outdents and writes <paramref name="closing"/> (<c>}</c> unless told).</summary>
    public SourceWriter Close(string closing = "}")
    {
        _indent--;
        return Line(closing);
    }

    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    public SourceWriter Outdent()
    {
        _indent--;
        return this;
    }

    public override string ToString() => _text.ToString();
}
