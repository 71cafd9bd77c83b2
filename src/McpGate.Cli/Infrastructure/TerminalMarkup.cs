using System.Runtime.CompilerServices;
using System.Text;
using McpGate.Core.Text;

namespace McpGate.Cli.Infrastructure;

/// <summary>
/// Spectre.Console markup built from an interpolated string: the literal parts are our markup
/// (<c>[bold]</c>...), every interpolated value is escaped by <see cref="UntrustedText"/> and
/// then for markup, so a value can neither send control sequences nor open a style.
/// </summary>
[InterpolatedStringHandler]
internal ref struct TerminalMarkup
{
    private readonly StringBuilder _builder;

    public TerminalMarkup(int literalLength, int formattedCount)
    {
        _ = formattedCount;
        _builder = new StringBuilder(literalLength + 32);
    }

    public readonly void AppendLiteral(string literal) => _builder.Append(literal);

    public readonly void AppendFormatted<T>(T value) => _builder.Append(Escape(TerminalText.Format(value, null)));

    public readonly void AppendFormatted<T>(T value, string? format) => _builder.Append(Escape(TerminalText.Format(value, format)));

    public override readonly string ToString() => _builder.ToString();

    /// <summary>Untrusted text made safe for markup: control characters escaped, then brackets.</summary>
    internal static string Escape(string? text) => Spectre.Console.Markup.Escape(UntrustedText.Escape(text));
}
