using McpGate.Core.Manifests;
using McpGate.Core.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Policy;

internal sealed partial class PolicyParser
{
    private static readonly Dictionary<string, PolicyEffect> s_effects = new(StringComparer.Ordinal)
    {
        ["allow"] = PolicyEffect.Allow,
        ["deny"] = PolicyEffect.Deny,
    };

    private void ParseRules(YamlNode? node)
    {
        var sequence = _source.Sequence(node, "rules");
        for (var i = 0; sequence is not null && i < sequence.Children.Count; i++)
        {
            var map = _source.Mapping(sequence.Children[i], $"rules[{i}]");
            if (map is not null)
            {
                ParseRule(map);
            }
        }
    }

    private void ParseRule(MappingReader map)
    {
        var before = _errors.Count;
        var nameNode = map.Required("name");
        var name = _source.Text(nameNode, map.FieldOf("name"));
        var tools = Selectors(map, "tools", required: true, SelectorKind.Tool);
        var namespaces = Selectors(map, "namespaces", required: false, SelectorKind.Name);
        var clusters = Selectors(map, "clusters", required: false, SelectorKind.Name);
        var requesters = Selectors(map, "requesters", required: false, SelectorKind.Identity);
        var effectNode = map.Required("effect");
        var effect = _source.Enum(effectNode, map.FieldOf("effect"), s_effects);
        var approvalNode = map.Optional("approval");
        var constraintsNode = map.Optional("constraints");
        map.ReportUnknownKeys();

        ApprovalRequirement? approval = null;
        IReadOnlyList<ArgumentConstraint> constraints = [];
        if (effect == PolicyEffect.Deny)
        {
            if (approvalNode is not null)
            {
                _source.Error(approvalNode, map.FieldOf("approval"), "deny rules take no approval");
            }

            if (constraintsNode is not null)
            {
                _source.Error(constraintsNode, map.FieldOf("constraints"), "deny rules take no constraints");
            }
        }
        else if (effect == PolicyEffect.Allow)
        {
            approval = ParseApproval(approvalNode, map);
            constraints = ParseConstraints(constraintsNode, map.FieldOf("constraints"));
        }

        if (_errors.Count == before)
        {
            _file.Rules.Add(new(
                new PolicyRule
                {
                    Name = name!,
                    Tools = tools!,
                    Namespaces = namespaces,
                    Clusters = clusters,
                    Requesters = requesters,
                    Effect = effect!.Value,
                    Approval = approval,
                    Constraints = constraints,
                    SourcePath = _source.Path,
                },
                _source.Location(nameNode!), map.FieldOf("name")));
        }
    }

    private List<string>? Selectors(MappingReader map, string key, bool required, SelectorKind kind)
    {
        var node = required ? map.Required(key) : map.Optional(key);
        var field = map.FieldOf(key);
        var values = _source.StringList(node, field);
        if (values is null)
        {
            return null;
        }

        var sequence = (YamlSequenceNode)node!;
        var result = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var (value, problem) = kind switch
            {
                SelectorKind.Tool => values[i] == "*" || ManifestNames.IsSnakeCase(values[i])
                    ? (values[i], null)
                    : (null, $"must be a snake_case tool name or '*' (got {Identities.Show(values[i])})"),
                SelectorKind.Identity => NamePattern.TryCanonicalizeIdentity(values[i], out var canonical)
                    ? (canonical, null)
                    : (null, $"must be an identity, '*', or a prefix glob such as 'ci-*' (got {Identities.Show(values[i])}); an identity {Identities.Rule}"),
                _ => NamePattern.IsValid(values[i])
                    ? (values[i], (string?)null)
                    : (null, $"must be a name, '*', or a prefix glob such as 'team-*', without spaces or control characters (got {Identities.Show(values[i])})"),
            };
            if (problem is not null)
            {
                _source.Error(sequence.Children[i], $"{field}[{i}]", problem);
            }

            result.Add(value ?? values[i]);
        }

        return result;
    }

    private ApprovalRequirement? ParseApproval(YamlNode? node, MappingReader rule)
    {
        var field = rule.FieldOf("approval");
        if (node is null)
        {
            _source.Error(rule.Node, field, "is required for allow rules (e.g. { count: 1, groups: [sre] })");
            return null;
        }

        var map = _source.Mapping(node, field);
        if (map is null)
        {
            return null;
        }

        var countNode = map.Required("count");
        var count = _source.Integer(countNode, map.FieldOf("count"));
        if (count is < 1 or > 100)
        {
            _source.Error(countNode!, map.FieldOf("count"), $"must be between 1 and 100 (got {count})");
        }

        var groupsNode = map.Optional("groups");
        var groups = Groups(groupsNode, map.FieldOf("groups"));
        for (var i = 0; groups is not null && i < groups.Count; i++)
        {
            _file.GroupReferences.Add(new(groups[i], _source.Location(((YamlSequenceNode)groupsNode!).Children[i]), $"{map.FieldOf("groups")}[{i}]"));
        }

        map.ReportUnknownKeys();
        return count is null ? null : new ApprovalRequirement { Count = (int)count.Value, Groups = groups ?? [] };
    }

    private List<ArgumentConstraint> ParseConstraints(YamlNode? node, string field)
    {
        var result = new List<ArgumentConstraint>();
        var map = _source.Mapping(node, field);
        if (map is null)
        {
            return result;
        }

        foreach (var (argument, keyNode, value) in map.Entries())
        {
            var argumentField = $"{field}.{argument}";
            if (!ManifestNames.IsSnakeCase(argument))
            {
                _source.Error(keyNode, argumentField, "must name a tool parameter (snake_case)");
            }

            var limits = _source.Mapping(value, argumentField);
            if (limits is null)
            {
                continue;
            }

            var minimum = _source.Number(limits.Optional("minimum"), limits.FieldOf("minimum"));
            var maximum = _source.Number(limits.Optional("maximum"), limits.FieldOf("maximum"));
            var enumValues = ParseEnumValues(limits.Optional("enum"), limits.FieldOf("enum"));
            var pattern = _source.Pattern(limits.Optional("pattern"), limits.FieldOf("pattern"));
            limits.ReportUnknownKeys();
            if (minimum > maximum)
            {
                _source.Error(limits.Optional("minimum")!, limits.FieldOf("minimum"), $"must not exceed maximum {maximum}");
            }

            if (limits.Node.Children.Count == 0)
            {
                _source.Error(value, argumentField, "must set at least one of minimum, maximum, enum, pattern");
            }

            result.Add(new ArgumentConstraint
            {
                Argument = argument,
                Minimum = minimum,
                Maximum = maximum,
                Enum = enumValues,
                Pattern = pattern?.Text,
                PatternRegex = pattern?.Regex,
            });
        }

        return result;
    }

    private List<object>? ParseEnumValues(YamlNode? node, string field)
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
            if (sequence.Children[i] is YamlScalarNode scalar && !YamlSource.IsNull(scalar))
            {
                values.Add(YamlSource.ScalarValue(scalar));
            }
            else
            {
                _source.Error(sequence.Children[i], $"{field}[{i}]", $"must be a value ({YamlSource.Describe(sequence.Children[i])})");
            }
        }

        return values;
    }
}
