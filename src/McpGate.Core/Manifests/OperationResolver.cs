using System.Globalization;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Core.Manifests;

/// <summary>Fills an operation's placeholders from bound arguments.</summary>
public static class OperationResolver
{
    /// <summary>The built-in placeholder for the time of the proposal (RFC 3339, UTC, seconds), e.g. for <c>kubectl rollout restart</c>'s annotation.</summary>
    public const string Now = "$now";

    /// <summary>Placeholders every manifest may use besides its parameters.</summary>
    public static IReadOnlyList<string> Builtins { get; } = [Now];

    public static ResolvedOperation Resolve(ToolManifest manifest, BoundArguments arguments) =>
        Resolve(manifest, arguments, DateTimeOffset.UnixEpoch);

    /// <param name="now">The value of <c>{$now}</c>: the proposal's time.</param>
    public static ResolvedOperation Resolve(ToolManifest manifest, BoundArguments arguments, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(arguments);
        var operation = manifest.Operation;

        var patch = new JsonObject();
        var paths = new List<IReadOnlyList<FieldPathSegment>>();
        foreach (var field in operation.Fields)
        {
            if (Value(manifest, field, arguments, now) is { } value)
            {
                var segments = ResolvePath(manifest, field.Path, arguments, now);
                Set(patch, segments, value);
                paths.Add(segments);
            }
        }

        var reads = operation.Action.IsRead();
        return new ResolvedOperation
        {
            Action = operation.Action,
            Target = Resource(manifest, arguments, now) with
            {
                // A read's namespace may be an absent optional parameter: every namespace.
                Namespace = operation.Namespace is { } ns && !(reads && Absent(ns, arguments)) ? Interpolate(manifest, ns, arguments, now) : null,
                Name = operation.Name is { } name && !(reads && Absent(name, arguments)) ? Interpolate(manifest, name, arguments, now) : null,
            },
            Patch = patch,
            FieldPaths = paths,
            Body = operation.Body is { } body ? arguments.GetString(body) : null,
            Query = reads ? ReadQueries.Resolve(operation.Query, arguments) : ReadQuery.None,
            Kind = operation.Kind is { } kind ? Interpolate(manifest, kind, arguments, now) : null,
            ApiVersion = operation.ApiVersion is { } version && !Absent(version, arguments) ? Interpolate(manifest, version, arguments, now) : null,
            PatchType = operation.PatchTypeParameter is { } type
                ? ManifestParser.PatchTypes.GetValueOrDefault(arguments.GetString(type) ?? string.Empty, operation.PatchType)
                : operation.PatchType,
        };
    }

    /// <summary>True when the template is one placeholder whose (optional) parameter the call left out.</summary>
    private static bool Absent(string template, BoundArguments arguments) =>
        Placeholders.Whole(template) is { } name && name != Now && !arguments.Contains(name);

    private static ResourceRef Resource(ToolManifest manifest, BoundArguments arguments, DateTimeOffset now)
    {
        var operation = manifest.Operation;
        if (operation.Resource.Length == 0 && operation.ResourceTemplate is null)
        {
            // An apply (objects name their kinds) or a read by kind, resolved through discovery later.
            return new ResourceRef { Group = string.Empty, Version = string.Empty, Resource = string.Empty };
        }

        if (operation.ResourceTemplate is not { } template)
        {
            return new ResourceRef { Group = operation.Group, Version = operation.Version, Resource = operation.Resource };
        }

        var text = Interpolate(manifest, template, arguments, now);
        return operation.Resources.FirstOrDefault(r => r.Group.Length == 0 ? text == $"{r.Version}/{r.Resource}" : text == $"{r.Group}/{r.Version}/{r.Resource}")
            ?? throw new InvalidOperationException($"{manifest.Name}: resource {text} is not one the manifest allows; the argument binder should have refused it.");
    }

    private static JsonNode? Value(ToolManifest manifest, OperationField field, BoundArguments arguments, DateTimeOffset now)
    {
        if (Placeholders.Whole(field.Template) is { } name && name != Now)
        {
            // An absent optional parameter leaves its field alone.
            return arguments.Contains(name)
                ? InputSchemaBuilder.Value(arguments[name]!, manifest.FindParameter(name)!.Type)
                : null;
        }

        return field.Literal is { } literal
            ? InputSchemaBuilder.Value(literal, ParameterType.String)
            : JsonValue.Create(Interpolate(manifest, field.Template, arguments, now));
    }

    private static List<FieldPathSegment> ResolvePath(ToolManifest manifest, string path, BoundArguments arguments, DateTimeOffset now) =>
        [.. (FieldPath.TryParse(path, out var error) ?? throw new InvalidOperationException($"{manifest.Name}: field path {path}: {error}; the manifest loader should have refused it."))
            .Select(s => s with
            {
                Name = Interpolate(manifest, s.Name, arguments, now),
                Value = s.Value is null ? null : Interpolate(manifest, s.Value, arguments, now),
            })];

    private static string Interpolate(ToolManifest manifest, string template, BoundArguments arguments, DateTimeOffset now) =>
        Placeholders.Replace(template, name => name == Now
            ? now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : arguments.Contains(name)
                ? ValueText.Format(arguments[name])
                : throw new InvalidOperationException($"{manifest.Name}: no value for placeholder {{{name}}}; the manifest loader should have refused it."));

    private static void Set(JsonObject root, List<FieldPathSegment> segments, JsonNode value)
    {
        var current = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var last = i == segments.Count - 1;
            if (!segment.SelectsElement)
            {
                if (last)
                {
                    current[segment.Name] = value;
                    return;
                }

                if (current[segment.Name] is not JsonObject next)
                {
                    next = new JsonObject();
                    current[segment.Name] = next;
                }

                current = next;
                continue;
            }

            // A list-map element: a strategic merge patch matches it by its key.
            if (current[segment.Name] is not JsonArray list)
            {
                list = [];
                current[segment.Name] = list;
            }

            var element = list.OfType<JsonObject>().FirstOrDefault(e => e[segment.Key!]?.GetValue<string>() == segment.Value);
            if (element is null)
            {
                element = new JsonObject { [segment.Key!] = segment.Value };
                list.Add((JsonNode)element);
            }

            if (last)
            {
                throw new InvalidOperationException("a field path cannot end in a list element; the manifest loader should have refused it.");
            }

            current = element;
        }
    }
}
