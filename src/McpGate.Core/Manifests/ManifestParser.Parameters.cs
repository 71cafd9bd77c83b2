using McpGate.Core.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Manifests;

internal sealed partial class ManifestParser
{
    private static readonly Dictionary<string, ParameterType> s_types = new(StringComparer.Ordinal)
    {
        ["string"] = ParameterType.String,
        ["integer"] = ParameterType.Integer,
        ["number"] = ParameterType.Number,
        ["boolean"] = ParameterType.Boolean,
        ["map"] = ParameterType.Map,
    };

    /// <summary>The parameters in order; null when any of them is invalid.</summary>
    private List<ParameterSpec>? ParseParameters(YamlNode? node)
    {
        var result = new List<ParameterSpec>();
        if (node is null || YamlSource.IsNull(node))
        {
            return result;
        }

        var map = _source.Mapping(node, "parameters");
        if (map is null)
        {
            return null;
        }

        var ok = true;
        foreach (var (name, keyNode, value) in map.Entries())
        {
            var field = $"parameters.{name}";
            if (!ManifestNames.IsSnakeCase(name))
            {
                _source.Error(keyNode, field, "parameter names must be snake_case matching ^[a-z][a-z0-9_]{0,63}$");
                ok = false;
            }

            var spec = ParseParameter(name, value, field);
            ok &= spec is not null;
            if (spec is not null)
            {
                result.Add(spec);
            }
        }

        return ok ? result : null;
    }

    private ParameterSpec? ParseParameter(string name, YamlNode node, string field)
    {
        var map = _source.Mapping(node, field);
        if (map is null)
        {
            return null;
        }

        var before = _errors.Count;
        var type = _source.Enum(map.Required("type"), map.FieldOf("type"), s_types);
        var required = _source.Boolean(map.Optional("required"), map.FieldOf("required")) ?? false;
        var description = _source.Text(map.Optional("description"), map.FieldOf("description"));
        var minimumNode = map.Optional("minimum");
        var maximumNode = map.Optional("maximum");
        var patternNode = map.Optional("pattern");
        var enumNode = map.Optional("enum");
        var defaultNode = map.Optional("default");
        map.ReportUnknownKeys();
        if (type is null)
        {
            return null;
        }

        var numeric = type is ParameterType.Integer or ParameterType.Number;
        double? minimum = null;
        double? maximum = null;
        if (!numeric && (minimumNode ?? maximumNode) is { } bound)
        {
            _source.Error(bound, map.FieldOf(minimumNode is null ? "maximum" : "minimum"), "only integer and number parameters have bounds");
        }
        else if (numeric)
        {
            minimum = ReadNumeric(minimumNode, map.FieldOf("minimum"), type.Value);
            maximum = ReadNumeric(maximumNode, map.FieldOf("maximum"), type.Value);
            if (minimum > maximum)
            {
                _source.Error(minimumNode!, map.FieldOf("minimum"), $"must not exceed maximum {maximum}");
            }
        }

        if (patternNode is not null && type != ParameterType.String)
        {
            _source.Error(patternNode, map.FieldOf("pattern"), "only string parameters have a pattern");
        }

        var pattern = type == ParameterType.String ? _source.Pattern(patternNode, map.FieldOf("pattern")) : null;
        if (type == ParameterType.Map && (enumNode ?? defaultNode) is { } fixedValue)
        {
            _source.Error(fixedValue, map.FieldOf(enumNode is null ? "default" : "enum"), "a map parameter takes no enum or default: the agent names every key it sets or removes");
            return null;
        }

        var enumValues = ParseEnum(enumNode, map.FieldOf("enum"), type.Value);
        var spec = new ParameterSpec
        {
            Name = name,
            Type = type.Value,
            Required = required,
            Description = description,
            Enum = enumValues,
            Minimum = minimum,
            Maximum = maximum,
            Pattern = pattern?.Text,
            PatternRegex = pattern?.Regex,
        };

        if (defaultNode is not null)
        {
            spec = spec with { Default = ParseDefault(spec, defaultNode, map.FieldOf("default")) };
        }

        return _errors.Count > before ? null : spec;
    }

    private double? ReadNumeric(YamlNode? node, string field, ParameterType type) =>
        type == ParameterType.Integer ? _source.Integer(node, field) : _source.Number(node, field);

    private object? ReadValue(YamlNode? node, string field, ParameterType type) => type switch
    {
        ParameterType.String => _source.String(node, field),
        ParameterType.Integer => _source.Integer(node, field),
        ParameterType.Number => _source.Number(node, field),
        _ => _source.Boolean(node, field),
    };

    private List<object>? ParseEnum(YamlNode? node, string field, ParameterType type)
    {
        var sequence = _source.Sequence(node, field);
        if (sequence is null)
        {
            return null;
        }

        if (sequence.Children.Count == 0)
        {
            _source.Error(sequence, field, "must list at least one value");
        }

        var values = new List<object>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (ReadValue(sequence.Children[i], $"{field}[{i}]", type) is { } value)
            {
                if (value is string text && ParameterText.FindForbidden(text) is { } forbidden)
                {
                    _source.Error(sequence.Children[i], $"{field}[{i}]", $"{ParameterText.Rule} (found {forbidden.CodePoint} at index {forbidden.Index})");
                }

                if (values.Contains(value))
                {
                    _source.Error(sequence.Children[i], $"{field}[{i}]", $"duplicate value {value}");
                }

                values.Add(value);
            }
        }

        return values;
    }

    private object? ParseDefault(ParameterSpec spec, YamlNode node, string field)
    {
        if (spec.Required)
        {
            _source.Error(node, field, "a required parameter cannot have a default");
            return null;
        }

        var value = ReadValue(node, field, spec.Type);
        if (value is null)
        {
            return null;
        }

        foreach (var problem in ArgumentRules.Check(spec, value))
        {
            _source.Error(node, field, problem);
        }

        return value;
    }
}
