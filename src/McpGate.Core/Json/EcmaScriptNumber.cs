using System.Globalization;
using System.Text;
using System.Text.Json;

namespace McpGate.Core.Json;

/// <summary>
/// Formats a double the way ECMAScript's <c>Number.prototype.toString()</c> does
/// (ECMA-262 Number::toString), which is what RFC 8785 section 3.2.2.3 requires.
/// </summary>
internal static class EcmaScriptNumber
{
    public static void Append(StringBuilder builder, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new JsonException($"{value.ToString(CultureInfo.InvariantCulture)} cannot be written as JSON: RFC 8785 allows finite numbers only.");
        }

        if (value == 0)
        {
            // Covers negative zero too: ECMAScript prints both as "0".
            builder.Append('0');
            return;
        }

        if (value < 0)
        {
            builder.Append('-');
            value = -value;
        }

        // .NET Core 3.0+ "R" yields the shortest digit string that round-trips, closest to
        // the exact value: the same digits s (and count k) ECMAScript chooses.
        var (digits, n) = Decompose(value.ToString("R", CultureInfo.InvariantCulture));
        var k = digits.Length;

        if (k <= n && n <= 21)
        {
            builder.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            builder.Append(digits.AsSpan(0, n)).Append('.').Append(digits.AsSpan(n));
        }
        else if (-6 < n && n <= 0)
        {
            builder.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            builder.Append(digits[0]);
            if (k > 1)
            {
                builder.Append('.').Append(digits.AsSpan(1));
            }

            var exponent = n - 1;
            builder.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture));
        }
    }

    public static string Format(double value)
    {
        var builder = new StringBuilder(24);
        Append(builder, value);
        return builder.ToString();
    }

    /// <summary>
    /// Splits a positive round-trip string into significant digits s (no leading or trailing
    /// zeros) and n such that the value is 0.s × 10^n.
    /// </summary>
    private static (string Digits, int N) Decompose(string roundTrip)
    {
        var exponent = 0;
        var mantissa = roundTrip.AsSpan();
        var e = roundTrip.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(roundTrip.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = mantissa[..e];
        }

        var point = mantissa.IndexOf('.');
        var integerDigits = point >= 0 ? point : mantissa.Length;
        var all = point >= 0 ? string.Concat(mantissa[..point], mantissa[(point + 1)..]) : mantissa.ToString();

        var leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0')
        {
            leading++;
        }

        var digits = all[leading..].TrimEnd('0');
        return (digits, integerDigits - leading + exponent);
    }
}
