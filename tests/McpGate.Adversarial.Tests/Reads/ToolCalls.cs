using System.Text.Json;
using ModelContextProtocol.Client;

namespace McpGate.Adversarial.Tests.Reads;

/// <summary>
/// Plausible arguments for any tool the gate lists, derived from its input schema, so a tool added later
/// is called too: kinds and names aimed at Secrets where the schema allows, every pod for pod tools.
/// </summary>
internal static class ToolCalls
{
    /// <summary>Objects worth aiming at: the seeded secrets first, then ordinary objects.</summary>
    private static readonly (string Kind, string Namespace, string Name)[] s_targets =
    [
        ("secret", "prod", "db-credentials"),
        ("secrets", "staging", "web-tls"),
        ("Secret", "staging", "web-tls"),
        ("deploy", "prod", "web"),
        ("cm", "prod", "app-config"),
        ("svc", "prod", "web"),
    ];

    /// <summary>Argument sets for one tool; <paramref name="pods"/> are (namespace, name) of every pod.</summary>
    public static IEnumerable<Dictionary<string, object?>> For(McpClientTool tool, IReadOnlyList<(string Namespace, string Name)> pods, IReadOnlyList<string> changeIds)
    {
        var schema = tool.ProtocolTool.InputSchema;
        var properties = schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value, StringComparer.Ordinal) : [];
        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal) : [];

        // Every object the tool can name: the seeded secrets, ordinary objects and, for pod tools, every pod.
        var objects = s_targets.AsEnumerable();
        if (tool.Name.StartsWith("pods_", StringComparison.Ordinal) || properties.ContainsKey("container"))
        {
            objects = objects.Concat(pods.Select(pod => ("pod", pod.Namespace, pod.Name)));
        }

        foreach (var (kind, ns, name) in objects)
        {
            yield return Arguments(properties, required, kind, ns, name, (changeIds.Count > 0 ? changeIds[0] : null));
        }

        // Optional parameters left out: lists across every namespace, explain of a kind, and so on.
        yield return Arguments(properties, required, "secret", "prod", "db-credentials", (changeIds.Count > 0 ? changeIds[0] : null), requiredOnly: true);
    }

    private static Dictionary<string, object?> Arguments(
        Dictionary<string, JsonElement> properties, HashSet<string> required, string kind, string ns, string name, string? changeId, bool requiredOnly = false)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (parameter, schema) in properties)
        {
            if (requiredOnly && !required.Contains(parameter))
            {
                continue;
            }

            if (Value(parameter, schema, kind, ns, name, changeId) is { } value)
            {
                arguments[parameter] = value;
            }
        }

        return arguments;
    }

    private static object? Value(string parameter, JsonElement schema, string kind, string ns, string name, string? changeId)
    {
        if (schema.TryGetProperty("enum", out var values))
        {
            var options = values.EnumerateArray().Select(v => v.ToString()).ToList();
            return options.FirstOrDefault(o => o.Contains("secret", StringComparison.OrdinalIgnoreCase)) ?? options.FirstOrDefault();
        }

        var type = schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "string";
        return (type, parameter) switch
        {
            ("integer", "replicas") => 1,
            ("integer", _) => schema.TryGetProperty("minimum", out var min) ? Math.Max(min.GetInt32(), 1) : 5,
            ("number", _) => 1,
            ("boolean", "previous") => false,
            ("boolean", _) => true,
            ("object", _) => new Dictionary<string, string> { ["LOG_LEVEL"] = "debug" },
            (_, "namespace") => ns,
            (_, "name" or "pod" or "node") => name,
            (_, "kind") => kind,
            (_, "reason") => "secret leak test",
            (_, "change_id") => changeId ?? "chg-aaaaaaaaaaaa",
            (_, "field") => "data",
            (_, "image") => "nginx:1.28",
            (_, "container") => null,
            (_, "label_selector" or "field_selector" or "continue" or "api_version" or "api_group" or "verb" or "state" or "tool") => null,
            (_, "manifest" or "body" or "yaml") => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak-test\n  namespace: {ns}\ndata:\n  a: b\n",
            (_, "patch") => "{\"metadata\":{\"labels\":{\"leak-test\":\"yes\"}}}",
            _ => "x",
        };
    }
}
