using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Api.OpenApi;

/// <summary>
/// The component schemas of the OpenAPI v3 documents, expanded from the compact embedded
/// KubernetesSchemas.json into the shape kube-apiserver publishes: full type names, <c>$ref</c>s
/// into <c>#/components/schemas/</c> (wrapped in <c>allOf</c> where the field has its own
/// description), and <c>x-kubernetes-group-version-kind</c> on every top-level kind.
/// </summary>
internal sealed class SchemaCatalog
{
    private const string ResourceName = "McpGate.Sandbox.KubernetesSchemas.json";
    private const string RefPrefix = "#/components/schemas/";

    private static readonly (string Short, string Full)[] s_prefixes =
    [
        ("core.", "io.k8s.api.core.v1."),
        ("apps.", "io.k8s.api.apps.v1."),
        ("batch.", "io.k8s.api.batch.v1."),
        ("autoscaling.", "io.k8s.api.autoscaling.v2."),
        ("autoscalingv1.", "io.k8s.api.autoscaling.v1."),
        ("policy.", "io.k8s.api.policy.v1."),
        ("networking.", "io.k8s.api.networking.v1."),
        ("authentication.", "io.k8s.api.authentication.v1."),
        ("authorization.", "io.k8s.api.authorization.v1."),
        ("rbac.", "io.k8s.api.rbac.v1."),
        ("meta.", "io.k8s.apimachinery.pkg.apis.meta.v1."),
        ("Quantity", "io.k8s.apimachinery.pkg.api.resource.Quantity"),
        ("IntOrString", "io.k8s.apimachinery.pkg.util.intstr.IntOrString"),
    ];

    private static readonly string[] s_scalarKeys = ["type", "format", "oneOf"];

    private readonly Dictionary<string, JsonObject> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _kindsByGroupVersion = new(StringComparer.Ordinal);

    private SchemaCatalog()
    {
    }

    public static SchemaCatalog Instance { get; } = Load();

    /// <summary>The schemas a group/version's document carries: its kinds and everything they reference.</summary>
    public JsonObject SchemasFor(string groupVersion)
    {
        var result = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var pending = new Stack<string>(_kindsByGroupVersion.GetValueOrDefault(groupVersion) ?? []);
        while (pending.TryPop(out var name))
        {
            if (result.ContainsKey(name) || !_schemas.TryGetValue(name, out var schema))
            {
                continue;
            }

            result[name] = schema;
            foreach (var reference in References(schema))
            {
                pending.Push(reference);
            }
        }

        var schemas = new JsonObject();
        foreach (var (name, schema) in result)
        {
            schemas[name] = schema.DeepClone();
        }

        return schemas;
    }

    private static SchemaCatalog Load()
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        var source = JsonNode.Parse(stream) as JsonObject ?? throw new InvalidOperationException($"{ResourceName} is not a JSON object.");
        var catalog = new SchemaCatalog();
        foreach (var (shortName, node) in source["types"] as JsonObject ?? [])
        {
            var compact = node as JsonObject ?? throw new InvalidOperationException($"{ResourceName}: {shortName} is not an object.");
            var name = FullName(shortName);
            var gvk = compact["gvk"]?.GetValue<string>();
            catalog._schemas[name] = Expand(compact, gvk);
            if (gvk is not null)
            {
                var groupVersion = gvk[..gvk.LastIndexOf('/')];
                if (!catalog._kindsByGroupVersion.TryGetValue(groupVersion, out var kinds))
                {
                    catalog._kindsByGroupVersion[groupVersion] = kinds = [];
                }

                kinds.Add(name);
            }
        }

        return catalog;
    }

    private static JsonObject Expand(JsonObject compact, string? gvk)
    {
        var schema = new JsonObject { ["description"] = compact["description"]?.DeepClone() };
        if (compact["properties"] is not JsonObject properties)
        {
            // Scalars: a type, or (Quantity, IntOrString) a oneOf of the JSON types they accept.
            foreach (var key in s_scalarKeys.Where(compact.ContainsKey))
            {
                schema[key] = compact[key]!.DeepClone();
            }

            return schema;
        }

        var expanded = new JsonObject();
        if (gvk is not null)
        {
            expanded["apiVersion"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
            };
            expanded["kind"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
            };
            expanded["metadata"] = Field("@meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");
        }

        foreach (var (field, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var pair = value as JsonArray ?? throw new InvalidOperationException($"{ResourceName}: property {field} must be [type, description].");
            expanded[field] = Field(pair[0]!.GetValue<string>(), pair[1]!.GetValue<string>());
        }

        schema["type"] = "object";
        if (compact["required"] is JsonArray required)
        {
            schema["required"] = required.DeepClone();
        }

        schema["properties"] = expanded;
        if (gvk is not null)
        {
            var parts = gvk.Split('/');
            schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
            {
                ["group"] = parts.Length == 3 ? parts[0] : string.Empty,
                ["kind"] = parts[^1],
                ["version"] = parts[^2],
            });
        }

        return schema;
    }

    /// <summary>A property: its type (as <see cref="Type"/> builds it) with the field's description.</summary>
    private static JsonObject Field(string type, string description)
    {
        var field = type.StartsWith('@')
            ? new JsonObject { ["allOf"] = new JsonArray(Reference(type)), ["default"] = new JsonObject() }
            : Type(type);
        field["description"] = description;
        return field;
    }

    private static JsonObject Type(string type) => type switch
    {
        ['[', ']', .. var item] => new JsonObject { ["type"] = "array", ["items"] = Item(item) },
        ['{', '}', .. var value] => new JsonObject { ["type"] = "object", ["additionalProperties"] = Item(value) },
        ['@', ..] => Reference(type),
        "integer" => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        "integer:int64" => new JsonObject { ["type"] = "integer", ["format"] = "int64" },
        "string" or "boolean" or "number" or "object" => new JsonObject { ["type"] = type },
        _ => throw new InvalidOperationException($"{ResourceName}: unknown type {type}."),
    };

    /// <summary>An array item or map value: struct references are wrapped and defaulted, scalar ones (Quantity) are plain.</summary>
    private static JsonObject Item(string type) => type switch
    {
        "@Quantity" or "@IntOrString" or "@meta.Time" => Reference(type),
        ['@', ..] => new JsonObject { ["allOf"] = new JsonArray(Reference(type)), ["default"] = new JsonObject() },
        "string" => new JsonObject { ["type"] = "string", ["default"] = string.Empty },
        _ => Type(type),
    };

    private static JsonObject Reference(string type) => new() { ["$ref"] = RefPrefix + FullName(type[1..]) };

    private static string FullName(string shortName)
    {
        foreach (var (prefix, full) in s_prefixes)
        {
            if (shortName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return full + shortName[prefix.Length..];
            }
        }

        return shortName;
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v
            ? [v.GetValue<string>()[RefPrefix.Length..]]
            : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };
}
