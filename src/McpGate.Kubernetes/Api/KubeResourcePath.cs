using System.Text;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Api;

/// <summary>Builds API paths: <c>/api/v1/namespaces/{ns}/{resource}/{name}</c> for the core group, <c>/apis/{group}/{version}/...</c> otherwise.</summary>
internal static class KubeResourcePath
{
    public static string For(ResourceRef target, string? subresource = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        RequireSegment(target.Version, "version");
        RequireSegment(target.Resource, "resource");
        var path = new StringBuilder();
        if (target.Group.Length == 0)
        {
            path.Append("/api/").Append(Uri.EscapeDataString(target.Version));
        }
        else
        {
            RequireSegment(target.Group, "group");
            path.Append("/apis/").Append(Uri.EscapeDataString(target.Group)).Append('/').Append(Uri.EscapeDataString(target.Version));
        }

        if (target.Namespace is { } ns)
        {
            RequireSegment(ns, "namespace");
            path.Append("/namespaces/").Append(Uri.EscapeDataString(ns));
        }

        path.Append('/').Append(Uri.EscapeDataString(target.Resource));
        if (target.Name is { } name)
        {
            RequireSegment(name, "name");
            path.Append('/').Append(Uri.EscapeDataString(name));
        }
        else if (subresource is not null)
        {
            throw new ArgumentException($"The {subresource} subresource needs an object name.", nameof(target));
        }

        if (subresource is not null)
        {
            path.Append('/').Append(Uri.EscapeDataString(subresource));
        }

        return path.ToString();
    }

    /// <summary>Appends query parameters, skipping null values; names and values are escaped.</summary>
    public static string WithQuery(string path, params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }

    private static void RequireSegment(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || value is "." or "..")
        {
            throw new ArgumentException($"The {what} '{value}' is not a valid path segment.", nameof(value));
        }
    }
}
