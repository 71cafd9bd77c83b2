using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Api;

/// <summary>What a resource URL addresses: a collection, one object, or one object's subresource.</summary>
internal sealed record RequestTarget(ResourceDefinition Definition, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>
    /// Parses /api/v1/... and /apis/GROUP/VERSION/...; null when the path names no served resource.
    /// </summary>
    public static RequestTarget? Parse(string path, ResourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(registry);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string group;
        string version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];
        if (tail.Length >= 3 && tail[0] == "namespaces" && registry.Find(group, version, tail[2]) is { Namespaced: true } namespaced)
        {
            return tail.Length > 5 ? null : new RequestTarget(namespaced, tail[1], At(tail, 3), At(tail, 4));
        }

        var definition = registry.Find(group, version, tail[0]);
        if (definition is null || tail.Length > 3)
        {
            return null;
        }

        return new RequestTarget(definition, null, At(tail, 1), At(tail, 2));
    }

    private static string? At(string[] segments, int index) => index < segments.Length ? segments[index] : null;
}
