using System.Text.Json.Nodes;
using McpGate.Sandbox.Api;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using YamlDotNet.Core;

namespace McpGate.Sandbox.Seeding;

/// <summary>
/// Loads a scenario: YAML with one object per document, a document that is a list of objects, or a
/// v1 List. Namespaces are created first (and any namespace an object names is created for it);
/// an object that already exists (from the default seed) is replaced; every error names the file and line.
/// </summary>
internal static class ScenarioLoader
{
    public static void Apply(ObjectService objects, string path)
    {
        ArgumentNullException.ThrowIfNull(objects);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new SandboxScenarioException($"{path}: cannot read the scenario: {ex.Message}", ex);
        }

        IReadOnlyList<(JsonNode? Node, long Line)> documents;
        try
        {
            documents = YamlJson.ParseDocuments(text);
        }
        catch (YamlException ex)
        {
            throw new SandboxScenarioException($"{path}:{ex.Start.Line}: invalid YAML: {ex.Message}", ex);
        }

        var items = new List<(JsonObject Object, long Line)>();
        foreach (var (node, line) in documents)
        {
            switch (node)
            {
                case null:
                    break;
                case JsonArray list:
                    items.AddRange(list.Select(i => (i as JsonObject ?? throw new SandboxScenarioException($"{path}:{line}: every list item must be an object"), line)));
                    break;
                case JsonObject { } obj when JsonFields.String(obj, "kind") == "List":
                    items.AddRange((JsonFields.FindArray(obj, "items") ?? []).OfType<JsonObject>().Select(i => (i, line)));
                    break;
                case JsonObject obj:
                    items.Add((obj, line));
                    break;
                default:
                    throw new SandboxScenarioException($"{path}:{line}: a document must be an object or a list of objects");
            }
        }

        var resolved = items.Select(i => (i.Object, i.Line, Definition: Resolve(objects.Registry, path, i.Object, i.Line))).ToList();
        var namespaces = resolved.Where(r => r.Definition == BuiltInResources.Namespaces).ToList();
        var wanted = resolved.Where(r => r.Definition.Namespaced).Select(r => JsonFields.String(r.Object, "metadata", "namespace") ?? "default")
            .Except(namespaces.Select(n => JsonFields.String(n.Object, "metadata", "name") ?? string.Empty), StringComparer.Ordinal)
            .Distinct(StringComparer.Ordinal);
        foreach (var name in wanted.Where(n => objects.Store.Get(ObjectService.KeyOf(BuiltInResources.Namespaces, null, n)) is null))
        {
            objects.Create(BuiltInResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, dryRun: false);
        }

        foreach (var (obj, line, definition) in namespaces.Concat(resolved.Where(r => r.Definition != BuiltInResources.Namespaces)))
        {
            try
            {
                var ns = definition.Namespaced ? JsonFields.String(obj, "metadata", "namespace") ?? "default" : null;
                var name = JsonFields.String(obj, "metadata", "name");
                if (name is not null && objects.Store.Get(ObjectService.KeyOf(definition, ns, name)) is not null)
                {
                    // The scenario wins over the default seed: an object both define is replaced, status kept.
                    objects.Update(definition, ns, name, latest =>
                    {
                        var replacement = (JsonObject)obj.DeepClone();
                        replacement["status"] ??= latest["status"]?.DeepClone();
                        return replacement;
                    }, dryRun: false);
                }
                else
                {
                    objects.Create(definition, ns, obj, dryRun: false);
                }
            }
            catch (ApiException ex)
            {
                throw new SandboxScenarioException($"{path}:{line}: {ex.Status.Message}", ex);
            }
        }
    }

    private static ResourceDefinition Resolve(ResourceRegistry registry, string path, JsonObject obj, long line)
    {
        var apiVersion = JsonFields.String(obj, "apiVersion");
        var kind = JsonFields.String(obj, "kind");
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            throw new SandboxScenarioException($"{path}:{line}: every object needs apiVersion and kind");
        }

        return registry.All.FirstOrDefault(d => d.ApiVersion == apiVersion && d.Kind == kind)
            ?? throw new SandboxScenarioException($"{path}:{line}: the sandbox does not serve {kind} in {apiVersion}");
    }
}
