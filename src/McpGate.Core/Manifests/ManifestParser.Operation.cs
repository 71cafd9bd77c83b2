using System.Text.RegularExpressions;
using McpGate.Core.Cluster;
using McpGate.Core.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Manifests;

internal sealed partial class ManifestParser
{
    /// <summary>The patch types a manifest (or, through a <c>'{parameter}'</c>, an agent) may name.</summary>
    internal static readonly Dictionary<string, PatchType> PatchTypes = new(StringComparer.Ordinal)
    {
        ["merge"] = PatchType.Merge,
        ["strategic"] = PatchType.StrategicMerge,
        ["json"] = PatchType.Json,
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
        var action = _source.Enum(actionNode, "operation.action", OperationActions.ByName);
        var applies = action is OperationAction.Apply;
        var reads = action?.IsRead() == true;
        var resourceNode = applies || reads || action is null ? map.Optional("resource") : map.Required("resource");
        var resource = _source.Text(resourceNode, "operation.resource");
        var namespaceNode = map.Optional("namespace");
        var @namespace = _source.Text(namespaceNode, "operation.namespace");
        var nameNode = map.Optional("name");
        var name = _source.Text(nameNode, "operation.name");
        var fieldsNode = map.Optional("fields");
        var patchNode = map.Optional("patch");
        var patchParameter = PatchTypeParameter(patchNode, parameters);
        var patchType = patchNode is null || patchParameter is not null ? (PatchType?)null : _source.Enum(patchNode, "operation.patch", PatchTypes);
        var bodyNode = map.Optional("body");
        var body = BodyParameter(bodyNode, parameters);
        var propagationNode = map.Optional("propagation");
        var propagation = _source.Text(propagationNode, "operation.propagation");
        var revisionNode = map.Optional("revision");
        var (kind, apiVersion, query) = ParseReadKeys(map, action, resourceNode, nameNode, parameters);
        map.ReportUnknownKeys();

        var resources = applies || (reads && resource is null) ? [] : resource is null ? null : ParseResources(resourceNode!, resource, parameters);
        // A read's namespace may be an optional parameter: absent, the read spans every namespace.
        CheckTemplate(namespaceNode, @namespace, "operation.namespace", parameters, wholeMayBeOptional: reads);
        // top takes a name optionally: absent, it answers for every object.
        CheckTemplate(nameNode, name, "operation.name", parameters, wholeMayBeOptional: action is OperationAction.Top);
        var fields = ParseFields(fieldsNode, parameters);

        if (action is { } a)
        {
            var writes = !a.IsRead();
            if (access == ToolAccess.Read && writes)
            {
                _source.Error(actionNode!, "operation.action", $"{a.WireName()} changes the cluster, but access is read");
            }
            else if (access == ToolAccess.Write && !writes)
            {
                _source.Error(actionNode!, "operation.action", $"{a.WireName()} only reads, but access is write");
            }

            // A write's diff shows old and new values to the agent, the log and the proof: a
            // Secret's values must never travel that way.
            if (writes && resources?.FirstOrDefault(r => r.Resource == "secrets") is not null)
            {
                _source.Error(resourceNode!, "operation.resource", "write tools may not target secrets: their values would appear in diffs, proofs and the ledger");
            }

            if (writes && a is not OperationAction.Apply && nameNode is null)
            {
                _source.Error(map.Node, "operation.name", $"is required for {a.WireName()}");
            }

            CheckContent(a, map.Node, fieldsNode, bodyNode);
            if (applies)
            {
                CheckApply(map.Node, resourceNode, nameNode, namespaceNode);
            }

            if (patchNode is not null && a is not OperationAction.Patch)
            {
                _source.Error(patchNode, "operation.patch", $"only a patch says its patch type ({a.WireName()} does not)");
            }
            else if (patchParameter is not null && fieldsNode is not null)
            {
                _source.Error(patchNode!, "operation.patch", "a '{parameter}' patch type is only for a patch taken from a body; fields are sent as merge or strategic");
            }
            else if (patchType is PatchType.Json && fieldsNode is not null)
            {
                _source.Error(patchNode!, "operation.patch", "json patches are not built from fields; use merge or strategic");
            }

            if (fields?.FirstOrDefault(f => f.SelectsElement) is { } selecting && a is OperationAction.Patch && patchType is not PatchType.StrategicMerge)
            {
                _source.Error(patchNode ?? map.Node, "operation.patch",
                    $"must be strategic: field {selecting.Path} selects a list element, which only a strategic merge patch can address");
            }
            else if (fields?.FirstOrDefault(f => f.SelectsElement) is { } scaling && a is OperationAction.Scale)
            {
                _source.Error(fieldsNode!, $"operation.fields.{scaling.Path}", "scale sets plain fields; use action: patch with patch: strategic to select a list element");
            }
        }

        CheckRemoval(map.Node, action, propagationNode, propagation, resources, namespaceNode, parameters);
        var revisionParameter = action is { } undo ? ParseRevision(undo, revisionNode, fieldsNode, resourceNode, resources, parameters) : null;
        if (_errors.Count > before || resources is null)
        {
            return null;
        }

        return new OperationSpec
        {
            Action = action!.Value,
            Group = resources.Count == 0 ? string.Empty : resources[0].Group,
            Version = resources.Count == 0 ? string.Empty : resources[0].Version,
            Resource = resources.Count == 0 ? string.Empty : resources[0].Resource,
            ResourceTemplate = resource is not null && Placeholders.HasAny(resource) ? resource : null,
            Resources = resources,
            Namespace = @namespace,
            Name = name,
            Fields = fields ?? [],
            PatchType = patchType ?? PatchType.Merge,
            Propagation = propagation,
            RevisionParameter = revisionParameter,
            PatchTypeParameter = patchParameter,
            Body = body,
            Kind = kind,
            ApiVersion = apiVersion,
            Query = query,
        };
    }

    /// <summary>
    /// The resources an operation may act on: one, or, when the template names parameters
    /// (<c>apps/v1/{kind}</c>), one per combination of their enum values, each checked now.
    /// </summary>
    private List<ResourceRef>? ParseResources(YamlNode node, string template, IReadOnlyList<ParameterSpec> parameters)
    {
        var combinations = new List<Dictionary<string, string>> { new(StringComparer.Ordinal) };
        foreach (var name in Placeholders.Names(template).Distinct(StringComparer.Ordinal))
        {
            var parameter = parameters.FirstOrDefault(p => p.Name == name);
            if (parameter is not { Enum: { Count: > 0 } values } || (!parameter.Required && parameter.Default is null))
            {
                _source.Error(node, "operation.resource",
                    $"placeholder {{{name}}} must name a required parameter with an enum of the values it may take (a resource is never free text)");
                return null;
            }

            combinations = [.. combinations.SelectMany(c => values.Select(v => new Dictionary<string, string>(c, StringComparer.Ordinal) { [name] = ValueText.Format(v) }))];
        }

        var resources = new List<ResourceRef>();
        foreach (var combination in combinations)
        {
            var text = Placeholders.Replace(template, n => combination[n]);
            var match = ResourceSyntax().Match(text);
            if (!match.Success)
            {
                _source.Error(node, "operation.resource",
                    $"must be group/version/resource (apps/v1/deployments) or version/resource for the core group (v1/pods) (got \"{text}\")");
                return null;
            }

            resources.Add(new ResourceRef { Group = match.Groups["group"].Value, Version = match.Groups["version"].Value, Resource = match.Groups["resource"].Value });
        }

        return resources;
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
            var segments = FieldPath.TryParse(path, out var pathError);
            if (segments is null)
            {
                _source.Error(keyNode, field, $"must be a dotted path of field names, e.g. spec.replicas or spec.template.spec.containers[name={{container}}].image: {pathError}");
            }
            else if (segments[^1].SelectsElement)
            {
                _source.Error(keyNode, field, "must end in a field, not a list element (e.g. containers[name={container}].image)");
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
            foreach (var segment in segments ?? [])
            {
                CheckTemplate(keyNode, segment.Name, field, parameters, wholeMayBeOptional: false);
                CheckTemplate(keyNode, segment.Value, field, parameters, wholeMayBeOptional: false);
            }

            fields.Add(new OperationField
            {
                Path = path,
                SelectsElement = segments?.Any(s => s.SelectsElement) == true,
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
        foreach (var name in Placeholders.Names(template).Where(n => !OperationResolver.Builtins.Contains(n)))
        {
            var parameter = parameters.FirstOrDefault(p => p.Name == name);
            if (parameter is null)
            {
                _source.Error(node, field,
                    $"placeholder {{{name}}} names no parameter (known: {string.Join(", ", parameters.Select(p => p.Name))})");
            }
            else if (parameter.Type == ParameterType.Map && !(wholeMayBeOptional && whole == name))
            {
                _source.Error(node, field, $"placeholder {{{name}}} is a map parameter: it can only fill a whole field value, e.g. data: '{{{name}}}'");
            }
            else if (!parameter.Required && parameter.Default is null && !(wholeMayBeOptional && whole is not null))
            {
                _source.Error(node, field, $"placeholder {{{name}}} needs a value, but parameter {name} is optional with no default");
            }
        }
    }

    private static bool Overlaps(string a, string b) =>
        a == b || a.StartsWith(b + ".", StringComparison.Ordinal) || b.StartsWith(a + ".", StringComparison.Ordinal);

    [GeneratedRegex(@"\A(?:(?<group>[a-z0-9]([-a-z0-9.]*[a-z0-9])?)/)?(?<version>v[0-9]+(?:(?:alpha|beta)[0-9]+)?)/(?<resource>[a-z][a-z0-9]*)\z")]
    private static partial Regex ResourceSyntax();
}
