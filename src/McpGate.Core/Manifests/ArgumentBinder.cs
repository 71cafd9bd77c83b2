using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpGate.Core.Manifests;

/// <summary>Checks a tool call's JSON arguments against the manifest and types them.</summary>
public static partial class ArgumentBinder
{
    /// <exception cref="ArgumentValidationException">Lists every argument problem at once.</exception>
    public static BoundArguments Bind(ToolManifest manifest, IReadOnlyDictionary<string, JsonElement>? arguments)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        arguments ??= new Dictionary<string, JsonElement>();
        var errors = new List<string>();

        foreach (var name in arguments.Keys.Where(k => manifest.FindParameter(k) is null).Order(StringComparer.Ordinal))
        {
            errors.Add($"{name}: is not a parameter of {manifest.Name} (known: {string.Join(", ", manifest.Parameters.Select(p => p.Name))})");
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var parameter in manifest.Parameters)
        {
            if (!arguments.TryGetValue(parameter.Name, out var element) || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                if (parameter.Required)
                {
                    errors.Add($"{parameter.Name}: is required");
                }
                else if (parameter.Default is { } fallback)
                {
                    values[parameter.Name] = fallback;
                }

                continue;
            }

            var value = Convert(parameter, element, errors);
            if (value is null)
            {
                continue;
            }

            var problems = ArgumentRules.Check(parameter, value).ToList();
            errors.AddRange(problems.Select(p => $"{parameter.Name}: {p}"));
            if (problems.Count == 0)
            {
                values[parameter.Name] = value;
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentValidationException(manifest.Name, errors);
        }

        return new BoundArguments { Values = values };
    }

    private static object? Convert(ParameterSpec parameter, JsonElement element, List<string> errors)
    {
        if (parameter.Type == ParameterType.String && element.ValueKind == JsonValueKind.String && !TryGetString(element, out _))
        {
            errors.Add($"{parameter.Name}: {(parameter.Multiline ? ParameterText.MultilineRule : ParameterText.Rule)} (found U+D800-U+DFFF, an unpaired surrogate)");
            return null;
        }

        if (parameter.Type == ParameterType.Map)
        {
            return MapArgument.Bind(parameter.Name, element, errors);
        }

        object? value = (parameter.Type, element.ValueKind) switch
        {
            (ParameterType.String, JsonValueKind.String) => element.GetString(),
            (ParameterType.Boolean, JsonValueKind.True) => true,
            (ParameterType.Boolean, JsonValueKind.False) => false,
            (ParameterType.Integer, JsonValueKind.Number) when IntegerSyntax().IsMatch(element.GetRawText())
                && element.TryGetInt64(out var l) => l,
            (ParameterType.Number, JsonValueKind.Number) when element.TryGetDouble(out var d) && double.IsFinite(d) => d,
            _ => null,
        };

        if (value is null)
        {
            var article = parameter.Type == ParameterType.Integer ? "an" : "a";
            errors.Add($"{parameter.Name}: must be {article} {parameter.Type.ToString().ToLowerInvariant()} (got {Describe(element)})");
        }

        return value;
    }

    /// <summary>JSON may escape a lone surrogate (<c>"\ud800"</c>), which is no text at all.</summary>
    private static bool TryGetString(JsonElement element, out string? value)
    {
        try
        {
            value = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => TryGetString(element, out var text) ? $"string {ValueText.Quote(text)}" : "a string with an unpaired surrogate",
        JsonValueKind.Number => $"number {ValueText.Truncate(element.GetRawText())}",
        JsonValueKind.True => "boolean true",
        JsonValueKind.False => "boolean false",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    [GeneratedRegex(@"\A-?(0|[1-9][0-9]*)\z")]
    private static partial Regex IntegerSyntax();
}
