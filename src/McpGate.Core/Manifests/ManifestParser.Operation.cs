using System.Text.RegularExpressions;
using McpGate.Core.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Manifests;

internal sealed partial class ManifestParser
{
    private static readonly Dictionary<string, OperationAction> s_actions = new(StringComparer.Ordinal)
    {
        ["list"] = OperationAction.List,
        ["get"] = OperationAction.Get,
        ["scale"] = OperationAction.Scale,
    };

    private OperationSpec? ParseOperation(YamlNode? node, IReadOnlyList<ParameterSpec> parameters, ToolAccess? access)
    {
        var map = _source.Mapping(node, "operation");
        if (map is null)
        {
            return null;
        }

        var before = _errors.Count;
        var actionNode = map.Required("action");
        var action = _source.Enum(actionNode, "operation.action", s_actions);
        var resourceNode = map.Required("resource");
        var resource = _source.Text(resourceNode, "operation.resource");
        var namespaceNode = map.Optional("namespace");
        var @namespace = _source.Text(namespaceNode, "operation.namespace");
        var nameNode = map.Optional("name");
        var name = _source.Text(nameNode, "operation.name");
        var fieldsNode = map.Optional("fields");
        map.ReportUnknownKeys();

        Match? resourceMatch = null;
        if (resource is not null)
        {
            resourceMatch = ResourceSyntax().Match(resource);
            if (!resourceMatch.Success)
            {
                _source.Error(resourceNode!, "operation.resource",
                    $"must be group/version/resource (apps/v1/deployments) or version/resource for the core group (v1/pods) (got \"{resource}\")");
            }
        }

        CheckTemplate(namespaceNode, @namespace, "operation.namespace", parameters, wholeMayBeOptional: false);
        CheckTemplate(nameNode, name, "operation.name", parameters, wholeMayBeOptional: false);
        var fields = ParseFields(fieldsNode, parameters);

        if (action is { } a)
        {
            var writes = a is OperationAction.Scale;
            if (access == ToolAccess.Read && writes)
            {
                _source.Error(actionNode!, "operation.action", $"{Lower(a)} changes the cluster, but access is read");
            }
            else if (access == ToolAccess.Write && !writes)
            {
                _source.Error(actionNode!, "operation.action", $"{Lower(a)} only reads, but access is write");
            }

            // A write's diff shows old and new values to the agent, the log and the proof: a
            // Secret's values must never travel that way.
            if (writes && resourceMatch is { Success: true } && resourceMatch.Groups["resource"].Value == "secrets")
            {
                _source.Error(resourceNode!, "operation.resource", "write tools may not target secrets: their values would appear in diffs, proofs and the ledger");
            }

            if (a is OperationAction.List && nameNode is not null)
            {
                _source.Error(nameNode, "operation.name", "list does not take a name");
            }
            else if (a is not OperationAction.List && nameNode is null)
            {
                _source.Error(map.Node, "operation.name", $"is required for {Lower(a)}");
            }

            if (!writes && fieldsNode is not null)
            {
                _source.Error(fieldsNode, "operation.fields", $"{Lower(a)} does not set fields");
            }
            else if (writes && fieldsNode is null)
            {
                _source.Error(map.Node, "operation.fields", $"is required for {Lower(a)}");
            }
        }

        if (_errors.Count > before || resourceMatch is null)
        {
            return null;
        }

        return new OperationSpec
        {
            Action = action!.Value,
            Group = resourceMatch.Groups["group"].Value,
            Version = resourceMatch.Groups["version"].Value,
            Resource = resourceMatch.Groups["resource"].Value,
            Namespace = @namespace,
            Name = name,
            Fields = fields ?? [],
        };
    }

    private List<OperationField>? ParseFields(YamlNode? node, IReadOnlyList<ParameterSpec> parameters)
    {
        var map = _source.Mapping(node, "operation.fields");
        if (map is null)
        {
            return null;
        }

        if (map.Node.Children.Count == 0)
        {
            _source.Error(map.Node, "operation.fields", "must set at least one field");
        }

        var fields = new List<OperationField>();
        foreach (var (path, keyNode, value) in map.Entries())
        {
            var field = $"operation.fields.{path}";
            if (!FieldPathSyntax().IsMatch(path))
            {
                _source.Error(keyNode, field, "must be a dotted path of field names, e.g. spec.replicas");
            }
            else if (fields.FirstOrDefault(f => Overlaps(f.Path, path)) is { } other)
            {
                _source.Error(keyNode, field, $"overlaps field {other.Path}");
            }

            if (value is not YamlScalarNode scalar || YamlSource.IsNull(value))
            {
                _source.Error(value, field, $"must be a value or a '{{parameter}}' template ({YamlSource.Describe(value)})");
                continue;
            }

            var template = scalar.Value ?? string.Empty;
            CheckTemplate(value, template, field, parameters, wholeMayBeOptional: true);
            fields.Add(new OperationField
            {
                Path = path,
                Template = template,
                Literal = Placeholders.HasAny(template) ? null : YamlSource.ScalarValue(scalar),
            });
        }

        return fields;
    }

    private void CheckTemplate(YamlNode? node, string? template, string field, IReadOnlyList<ParameterSpec> parameters, bool wholeMayBeOptional)
    {
        if (node is null || template is null)
        {
            return;
        }

        var whole = Placeholders.Whole(template);
        foreach (var name in Placeholders.Names(template))
        {
            var parameter = parameters.FirstOrDefault(p => p.Name == name);
            if (parameter is null)
            {
                _source.Error(node, field,
                    $"placeholder {{{name}}} names no parameter (known: {string.Join(", ", parameters.Select(p => p.Name))})");
            }
            else if (!parameter.Required && parameter.Default is null && !(wholeMayBeOptional && whole is not null))
            {
                _source.Error(node, field, $"placeholder {{{name}}} needs a value, but parameter {name} is optional with no default");
            }
        }
    }

    private static bool Overlaps(string a, string b) =>
        a == b || a.StartsWith(b + ".", StringComparison.Ordinal) || b.StartsWith(a + ".", StringComparison.Ordinal);

    private static string Lower(OperationAction action) => action.ToString().ToLowerInvariant();

    [GeneratedRegex(@"\A(?:(?<group>[a-z0-9]([-a-z0-9.]*[a-z0-9])?)/)?(?<version>v[0-9]+(?:(?:alpha|beta)[0-9]+)?)/(?<resource>[a-z][a-z0-9]*)\z")]
    private static partial Regex ResourceSyntax();

    [GeneratedRegex(@"\A[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\z")]
    private static partial Regex FieldPathSyntax();
}
