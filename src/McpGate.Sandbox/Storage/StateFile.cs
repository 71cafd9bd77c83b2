using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Storage;

/// <summary>
/// The whole store as one JSON file: every object with its resource type, and the revision counter.
/// Written to a temporary file (mode 0600: it holds secrets) and renamed over the old one.
/// </summary>
internal static class StateFile
{
    public const string FormatVersion = "mcpgate.sandbox/state-v1";

    public static string Serialize(IEnumerable<KeyValuePair<ObjectKey, JsonObject>> objects, long revision)
    {
        var items = new JsonArray();
        foreach (var (key, obj) in objects.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal))
        {
            items.Add((JsonNode)new JsonObject
            {
                ["group"] = key.Resource.Group,
                ["version"] = key.Resource.Version,
                ["resource"] = key.Resource.Resource,
                ["namespace"] = key.Namespace,
                ["name"] = key.Name,
                ["object"] = obj.DeepClone(),
            });
        }

        return new JsonObject
        {
            ["format"] = FormatVersion,
            ["revision"] = revision,
            ["objects"] = items,
        }.ToJsonString();
    }

    public static void Write(string path, string content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(content);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Reads a state file; anything unexpected is a <see cref="SandboxStateException"/> naming the file.</summary>
    public static (Dictionary<ObjectKey, JsonObject> Objects, long Revision) Read(string path, ResourceRegistry registry)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new SandboxStateException($"{path}: cannot read the sandbox state: {ex.Message}", ex);
        }

        if (root is not JsonObject state || (string?)Value(state["format"]) != FormatVersion)
        {
            throw new SandboxStateException($"{path}: not a sandbox state file (expected \"format\": \"{FormatVersion}\")");
        }

        if (state["revision"] is not JsonValue revisionValue || !revisionValue.TryGetValue<long>(out var revision) || revision < 0)
        {
            throw new SandboxStateException($"{path}: \"revision\" must be a non-negative integer");
        }

        var objects = new Dictionary<ObjectKey, JsonObject>();
        var index = 0;
        foreach (var item in state["objects"] as JsonArray ?? throw new SandboxStateException($"{path}: \"objects\" must be a list"))
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{path}: objects[{index++}]");
            if (item is not JsonObject entry || entry["object"] is not JsonObject obj
                || Value(entry["group"]) is not { } group || Value(entry["version"]) is not { } version
                || Value(entry["resource"]) is not { } resource || Value(entry["namespace"]) is not { } ns || Value(entry["name"]) is not { Length: > 0 } name)
            {
                throw new SandboxStateException($"{where}: needs group, version, resource, namespace, name and object");
            }

            if (registry.Find(group, version, resource) is null)
            {
                throw new SandboxStateException($"{where}: the sandbox does not serve {group}/{version}/{resource}");
            }

            var stored = (JsonObject)obj.DeepClone();
            objects[new ObjectKey(new GroupVersionResource(group, version, resource), ns, name)] = stored;
            if (long.TryParse((string?)Value(stored["metadata"]?["resourceVersion"]), NumberStyles.None, CultureInfo.InvariantCulture, out var objectRevision))
            {
                // A hand-edited counter must never hand out a resourceVersion an object already has.
                revision = Math.Max(revision, objectRevision);
            }
        }

        return (objects, revision);
    }

    private static string? Value(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
