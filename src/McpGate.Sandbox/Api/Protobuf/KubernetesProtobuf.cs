using System.Text;
using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Api.Protobuf;

/// <summary>
/// Decodes the "k8s\0" protobuf envelope (runtime.Unknown) for the few kinds kubectl's typed
/// clients send as protobuf to the sandbox: the auth reviews and Eviction. Other kinds are a 415.
/// </summary>
internal static class KubernetesProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] s_magic = "k8s\0"u8.ToArray();

    private static readonly ProtobufSchema s_objectMeta = new ProtobufSchema()
        .Field(1, "name").Field(2, "generateName").Field(3, "namespace").Field(5, "uid").Field(6, "resourceVersion");

    private static readonly ProtobufSchema s_resourceAttributes = new ProtobufSchema()
        .Field(1, "namespace").Field(2, "verb").Field(3, "group").Field(4, "version").Field(5, "resource").Field(6, "subresource").Field(7, "name");

    private static readonly ProtobufSchema s_nonResourceAttributes = new ProtobufSchema().Field(1, "path").Field(2, "verb");

    private static readonly Dictionary<string, ProtobufSchema> s_kinds = new(StringComparer.Ordinal)
    {
        ["authorization.k8s.io/v1/SelfSubjectAccessReview"] = new ProtobufSchema()
            .Field(1, "metadata", s_objectMeta)
            .Field(2, "spec", new ProtobufSchema().Field(1, "resourceAttributes", s_resourceAttributes).Field(2, "nonResourceAttributes", s_nonResourceAttributes)),
        ["authorization.k8s.io/v1/SelfSubjectRulesReview"] = new ProtobufSchema()
            .Field(1, "metadata", s_objectMeta)
            .Field(2, "spec", new ProtobufSchema().Field(1, "namespace")),
        ["authentication.k8s.io/v1/SelfSubjectReview"] = new ProtobufSchema().Field(1, "metadata", s_objectMeta),
        ["policy/v1/Eviction"] = new ProtobufSchema()
            .Field(1, "metadata", s_objectMeta)
            .Field(2, "deleteOptions", new ProtobufSchema()
                .Field(1, "gracePeriodSeconds")
                .Field(2, "preconditions", new ProtobufSchema().Field(1, "uid").Field(2, "resourceVersion"))
                .Field(4, "propagationPolicy")
                .Field(5, "dryRun", repeated: true)),
    };

    /// <summary>The object as JSON, or null when the kind is not one the sandbox decodes.</summary>
    public static JsonObject? TryDecode(byte[] body)
    {
        if (body.Length < s_magic.Length || !body.AsSpan(0, s_magic.Length).SequenceEqual(s_magic))
        {
            throw new ApiException(ApiErrors.BadRequest("the protobuf body does not start with the k8s envelope"));
        }

        try
        {
            var unknown = ProtobufMessage.Parse(body.AsSpan(s_magic.Length));
            var typeMeta = unknown.FirstOrDefault(f => f.Number == 1).Value as byte[] ?? [];
            var raw = unknown.FirstOrDefault(f => f.Number == 2).Value as byte[] ?? [];
            var meta = ProtobufMessage.Parse(typeMeta);
            var apiVersion = meta.FirstOrDefault(f => f.Number == 1).Value is byte[] v ? Encoding.UTF8.GetString(v) : string.Empty;
            var kind = meta.FirstOrDefault(f => f.Number == 2).Value is byte[] k ? Encoding.UTF8.GetString(k) : string.Empty;
            if (!s_kinds.TryGetValue($"{apiVersion}/{kind}", out var schema))
            {
                return null;
            }

            var obj = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion };
            foreach (var (name, value) in schema.Decode(raw).ToList())
            {
                obj[name] = value?.DeepClone();
            }

            return obj;
        }
        catch (FormatException ex)
        {
            throw new ApiException(ApiErrors.BadRequest($"the protobuf body is malformed: {ex.Message}"));
        }
    }
}
