using McpGate.Core.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGate.Core.Manifests;

internal sealed partial class ManifestParser
{
    /// <summary>How a manifest spells each read option, and the type its value must have.</summary>
    internal static readonly IReadOnlyDictionary<string, (ReadOption Option, ParameterType Type)> ReadOptions =
        new Dictionary<string, (ReadOption, ParameterType)>(StringComparer.Ordinal)
        {
            ["label_selector"] = (ReadOption.LabelSelector, ParameterType.String),
            ["field_selector"] = (ReadOption.FieldSelector, ParameterType.String),
            ["limit"] = (ReadOption.Limit, ParameterType.Integer),
            ["continue"] = (ReadOption.Continue, ParameterType.String),
            ["container"] = (ReadOption.Container, ParameterType.String),
            ["previous"] = (ReadOption.Previous, ParameterType.Boolean),
            ["tail_lines"] = (ReadOption.TailLines, ParameterType.Integer),
            ["since_seconds"] = (ReadOption.SinceSeconds, ParameterType.Integer),
            ["limit_bytes"] = (ReadOption.LimitBytes, ParameterType.Integer),
            ["field"] = (ReadOption.Field, ParameterType.String),
            ["revision"] = (ReadOption.Revision, ParameterType.Integer),
            ["involved_kind"] = (ReadOption.InvolvedKind, ParameterType.String),
            ["involved_name"] = (ReadOption.InvolvedName, ParameterType.String),
            ["api_group"] = (ReadOption.ApiGroup, ParameterType.String),
            ["namespaced"] = (ReadOption.Namespaced, ParameterType.Boolean),
            ["verb"] = (ReadOption.Verb, ParameterType.String),
        };

    /// <summary>The options each read action takes.</summary>
    private static readonly Dictionary<OperationAction, ReadOption[]> s_optionsByAction = new()
    {
        [OperationAction.List] = [ReadOption.LabelSelector, ReadOption.FieldSelector, ReadOption.Limit, ReadOption.Continue],
        [OperationAction.Get] = [],
        [OperationAction.Describe] = [],
        [OperationAction.Logs] = [ReadOption.Container, ReadOption.Previous, ReadOption.TailLines, ReadOption.SinceSeconds, ReadOption.LimitBytes],
        // No continue: events are folded across every page, so a page boundary means nothing to the caller.
        [OperationAction.Events] = [ReadOption.InvolvedKind, ReadOption.InvolvedName, ReadOption.FieldSelector, ReadOption.Limit],
        [OperationAction.ApiResources] = [ReadOption.ApiGroup, ReadOption.Namespaced, ReadOption.Verb],
        [OperationAction.Explain] = [ReadOption.Field],
        [OperationAction.Top] = [ReadOption.LabelSelector],
        [OperationAction.RolloutStatus] = [],
        [OperationAction.RolloutHistory] = [ReadOption.Revision],
    };

    /// <summary>Read actions on one named object; <c>top</c> takes a name optionally.</summary>
    private static readonly HashSet<OperationAction> s_namedReads =
        [OperationAction.Get, OperationAction.Describe, OperationAction.Logs, OperationAction.RolloutStatus, OperationAction.RolloutHistory];

    /// <summary>Read actions that act on no resource of the manifest's (discovery, schemas) or on a fixed one (events).</summary>
    private static readonly HashSet<OperationAction> s_resourceless = [OperationAction.ApiResources, OperationAction.Explain, OperationAction.Events];

    private static bool TakesResource(OperationAction? action) => action is not { } a || !s_resourceless.Contains(a);

    /// <summary>
    /// The read-only keys of an operation: <c>kind</c> and <c>api_version</c> (a kind resolved through
    /// discovery at call time, instead of a fixed <c>resource</c>) and <c>query</c> (read options).
    /// </summary>
    private (string? Kind, string? ApiVersion, IReadOnlyDictionary<ReadOption, string> Query) ParseReadKeys(
        MappingReader map,
        OperationAction? action,
        YamlNode? resourceNode,
        YamlNode? nameNode,
        IReadOnlyList<ParameterSpec> parameters)
    {
        var kindNode = map.Optional("kind");
        var kind = _source.Text(kindNode, "operation.kind");
        var apiVersionNode = map.Optional("api_version");
        var apiVersion = _source.Text(apiVersionNode, "operation.api_version");
        var query = ParseQuery(map.Optional("query"), action, parameters);
        CheckTemplate(kindNode, kind, "operation.kind", parameters, wholeMayBeOptional: false);
        CheckTemplate(apiVersionNode, apiVersion, "operation.api_version", parameters, wholeMayBeOptional: true);
        if (action is not { } a)
        {
            return (kind, apiVersion, query);
        }

        var reads = a.IsRead();
        if (!reads)
        {
            foreach (var (node, key) in new[] { (kindNode, "kind"), (apiVersionNode, "api_version") })
            {
                if (node is not null)
                {
                    _source.Error(node, $"operation.{key}", $"only read tools resolve a kind at call time; {a.WireName()} names its resource");
                }
            }

            return (null, null, query);
        }

        if (McpGate.Core.Reads.ReadStrategies.For(a) is null)
        {
            _source.Error(map.Node, "operation.action", $"no read strategy serves {a.WireName()} in this version of the gate");
        }

        if (apiVersionNode is not null && kindNode is null)
        {
            _source.Error(apiVersionNode, "operation.api_version", "goes with operation.kind");
        }

        if (kindNode is not null && resourceNode is not null)
        {
            _source.Error(kindNode, "operation.kind", "a read names either a resource or a kind, not both");
        }
        else if (kindNode is null && resourceNode is null && TakesResource(a))
        {
            _source.Error(map.Node, "operation.resource", $"is required for {a.WireName()} (or operation.kind, resolved through discovery)");
        }
        else if (resourceNode is not null && !TakesResource(a) && a is not OperationAction.Events)
        {
            _source.Error(resourceNode, "operation.resource", $"{a.WireName()} reads no resource of its own; remove it");
        }

        if (s_namedReads.Contains(a) && nameNode is null)
        {
            _source.Error(map.Node, "operation.name", $"is required for {a.WireName()}");
        }
        else if (nameNode is not null && !s_namedReads.Contains(a) && a is not OperationAction.Top)
        {
            _source.Error(nameNode, "operation.name", $"{a.WireName()} does not take a name");
        }

        return (kind, apiVersion, query);
    }

    private Dictionary<ReadOption, string> ParseQuery(YamlNode? node, OperationAction? action, IReadOnlyList<ParameterSpec> parameters)
    {
        var query = new Dictionary<ReadOption, string>();
        var map = _source.Mapping(node, "operation.query");
        if (map is null)
        {
            return query;
        }

        if (action is { } writing && !writing.IsRead())
        {
            _source.Error(map.Node, "operation.query", $"only read tools take query options; {writing.WireName()} writes");
            return query;
        }

        foreach (var (key, keyNode, value) in map.Entries())
        {
            var field = $"operation.query.{key}";
            if (!ReadOptions.TryGetValue(key, out var known))
            {
                _source.Error(keyNode, field, $"unknown read option (known: {string.Join(", ", ReadOptions.Keys)})");
                continue;
            }

            if (action is { } a && s_optionsByAction.TryGetValue(a, out var allowed) && !allowed.Contains(known.Option))
            {
                var names = ReadOptions.Where(o => allowed.Contains(o.Value.Option)).Select(o => o.Key).ToList();
                _source.Error(keyNode, field, $"{a.WireName()} does not take it (it takes: {(names.Count == 0 ? "none" : string.Join(", ", names))})");
                continue;
            }

            if (value is not YamlScalarNode scalar || YamlSource.IsNull(value))
            {
                _source.Error(value, field, $"must be a value or a '{{parameter}}' placeholder ({YamlSource.Describe(value)})");
                continue;
            }

            var template = scalar.Value ?? string.Empty;
            if (Placeholders.Whole(template) is { } name)
            {
                var parameter = parameters.FirstOrDefault(p => p.Name == name);
                if (parameter is null)
                {
                    _source.Error(value, field, $"placeholder {{{name}}} names no parameter (known: {string.Join(", ", parameters.Select(p => p.Name))})");
                    continue;
                }

                if (parameter.Type != known.Type)
                {
                    _source.Error(value, field, $"placeholder {{{name}}} is a {parameter.Type.ToString().ToLowerInvariant()} parameter, but {key} takes a {known.Type.ToString().ToLowerInvariant()}");
                    continue;
                }
            }
            else if (Placeholders.HasAny(template))
            {
                _source.Error(value, field, "must be one whole '{parameter}' placeholder or a literal value");
                continue;
            }
            else if (known.Type == ParameterType.Integer && !(int.TryParse(template, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0))
            {
                _source.Error(value, field, $"must be a positive integer (got \"{template}\")");
                continue;
            }
            else if (known.Type == ParameterType.Boolean && template is not ("true" or "false"))
            {
                _source.Error(value, field, $"must be true or false (got \"{template}\")");
                continue;
            }

            query[known.Option] = template;
        }

        return query;
    }
}
