using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGate.Core.Engine;

namespace McpGate.Core.Operations;

/// <summary>
/// The objects of an apply's body, checked before anything asks the cluster: each document a map
/// with apiVersion, kind and metadata.name; at most <see cref="MaxDocuments"/>; no List wrappers, no
/// Secrets; no server-owned metadata; and every object in the call's namespace (a document without
/// one gets it; one naming another, in any spelling, is refused: the policy decided for that namespace only).
/// </summary>
internal static partial class ApplyDocuments
{
    /// <summary>Most objects one apply may hold.</summary>
    public const int MaxDocuments = 20;

    private static readonly string[] s_serverOwned = ["resourceVersion", "uid", "managedFields", "creationTimestamp", "deletionTimestamp", "generation", "selfLink"];

    /// <exception cref="ProposalException">A document is not an object the gate may apply; the message names the parameter, the document and its line, and the rule.</exception>
    public static IReadOnlyList<ApplyDocument> Parse(string parameter, string? text, string @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(parameter);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        var parsed = BodyDocuments.Parse(parameter, text ?? string.Empty);
        if (parsed.Count == 0)
        {
            throw new ProposalException($"{parameter}: holds no object; pass one or more YAML or JSON objects (--- between YAML documents).");
        }

        if (parsed.Count > MaxDocuments)
        {
            throw new ProposalException($"{parameter}: holds {parsed.Count} documents; at most {MaxDocuments} may be applied at once.");
        }

        var documents = new List<ApplyDocument>();
        for (var i = 0; i < parsed.Count; i++)
        {
            documents.Add(Document(parameter, i + 1, parsed[i].Line, parsed[i].Node, @namespace));
        }

        return documents;
    }

    private static ApplyDocument Document(string parameter, int index, long line, JsonNode? node, string @namespace)
    {
        var where = $"{parameter}: document {index} (line {line})";
        if (node is not JsonObject obj)
        {
            throw new ProposalException($"{where}: must be a map (an object with apiVersion, kind and metadata), got {Describe(node)}.");
        }

        var apiVersion = RequiredText(obj["apiVersion"], where, "apiVersion", "e.g. v1 or apps/v1");
        if (!ApiVersionSyntax().IsMatch(apiVersion))
        {
            throw new ProposalException($"{where}: apiVersion must be version or group/version (v1, apps/v1), got \"{apiVersion}\".");
        }

        var kind = RequiredText(obj["kind"], where, "kind", "e.g. ConfigMap");
        if (!KindSyntax().IsMatch(kind))
        {
            throw new ProposalException($"{where}: kind must be a kind name such as ConfigMap (letters and digits), got \"{kind}\".");
        }

        if (kind.EndsWith("List", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProposalException($"{where}: kind {kind} wraps other objects; pass each object as its own document (--- between YAML documents).");
        }

        if (string.Equals(kind, "Secret", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProposalException($"{where}: Secrets may not be applied through the gate: their values would appear in diffs, proofs and the ledger.");
        }

        if (obj["metadata"] is not JsonObject metadata)
        {
            throw new ProposalException($"{where}: metadata is required and must be a map with a name.");
        }

        var name = RequiredText(metadata["name"], where, "metadata.name", "generateName is not supported: the gate must know the object before it exists");
        if (name.Length > 253 || !NameSyntax().IsMatch(name))
        {
            throw new ProposalException($"{where}: metadata.name must be a DNS subdomain (lower-case letters, digits, '-' and '.', at most 253), got \"{name}\".");
        }

        if (s_serverOwned.FirstOrDefault(metadata.ContainsKey) is { } owned)
        {
            throw new ProposalException($"{where}: metadata.{owned} is the server's (the gate sets its own precondition); remove it.");
        }

        if (metadata.TryGetPropertyValue("namespace", out var given) && given is not null)
        {
            if (given is not JsonValue value || !value.TryGetValue<string>(out var text) || !string.Equals(text, @namespace, StringComparison.Ordinal))
            {
                throw new ProposalException(
                    $"{where}: metadata.namespace is {given.ToJsonString()}, but this call is for namespace \"{@namespace}\"; every object must be in the call's namespace (leave it out to use it).");
            }
        }

        var body = (JsonObject)obj.DeepClone();
        body["metadata"]!["namespace"] = @namespace;
        return new ApplyDocument { Index = index, Line = line, ApiVersion = apiVersion, Kind = kind, Name = name, Body = body };
    }

    private static string RequiredText(JsonNode? node, string where, string field, string hint) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new ProposalException($"{where}: {field} is required and must be a non-empty string ({hint}), got {Describe(node)}.");

    private static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonObject => "a map",
        JsonArray => "a list",
        _ => node.ToJsonString(),
    };

    [GeneratedRegex(@"\A(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?\z")]
    private static partial Regex ApiVersionSyntax();

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9]{0,62}\z")]
    private static partial Regex KindSyntax();

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9.]*[a-z0-9])?\z")]
    private static partial Regex NameSyntax();
}
