using System.Runtime.CompilerServices;
using System.Text;
using McpGate.Core.Text;

namespace McpGate.Cli.Infrastructure;

/// <summary>
/// A line of plain output built from an interpolated string: the literal parts are ours, every
/// interpolated value is escaped by <see cref="UntrustedText"/>. A plain string does not convert
/// to it, so no command can print a value without escaping it.
/// </summary>
[InterpolatedStringHandler]
internal ref struct TerminalText
{
    private readonly StringBuilder _builder;

    public TerminalText(int literalLength, int formattedCount)
    {
        _ = formattedCount;
        _builder = new StringBuilder(literalLength + 32);
    }

    public readonly void AppendLiteral(string literal) => _builder.Append(literal);

    public readonly void AppendFormatted<T>(T value) => _builder.Append(UntrustedText.Escape(Format(value, null)));

    public readonly void AppendFormatted<T>(T value, string? format) => _builder.Append(UntrustedText.Escape(Format(value, format)));

    public override readonly string ToString() => _builder.ToString();

    internal static string? Format<T>(T value, string? format) => value switch
    {
        null => null,
        IFormattable formattable => formattable.ToString(format, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
