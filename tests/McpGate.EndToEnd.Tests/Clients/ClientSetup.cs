using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace McpGate.EndToEnd.Tests.Clients;

/// <summary>The MCP clients whose configuration files <c>examples/clients/</c> and <c>mcp.json.example</c> hold.</summary>
public enum ClientKind
{
    /// <summary><c>mcp.json.example</c>: the <c>mcpServers</c> form most clients read; <c>${NAME}</c> is an environment variable.</summary>
    Generic,

    /// <summary><c>claude_desktop_config.json</c>: <c>mcpServers</c>, stdio servers only.</summary>
    ClaudeDesktop,

    /// <summary><c>.mcp.json</c>: <c>mcpServers</c> with <c>type</c> stdio (the default) or http; <c>${NAME}</c> and <c>${NAME:-default}</c>.</summary>
    ClaudeCode,

    /// <summary><c>.cursor/mcp.json</c>: <c>mcpServers</c>, <c>command</c> for stdio, <c>url</c> + <c>headers</c> for HTTP; <c>${env:NAME}</c>.</summary>
    Cursor,

    /// <summary><c>.vscode/mcp.json</c>: <c>servers</c> with <c>type</c> stdio or http, <c>inputs</c>; <c>${input:ID}</c> (a prompt) for secrets.</summary>
    VsCode,
}

/// <summary>One server entry of a client's configuration, as that client reads it.</summary>
public sealed record ServerEntry(string Name, string Transport, string? Command, IReadOnlyList<string> Arguments, string? Url, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Reads a client configuration file the way its client does (top-level key, transport field, variable
/// syntax), so a test can launch what it says. A field the client would not accept is an error that names it.
/// </summary>
public static partial class ClientSetup
{
    public static IReadOnlyList<ServerEntry> Parse(ClientKind client, JsonObject root)
    {
        var key = client == ClientKind.VsCode ? "servers" : "mcpServers";
        var allowed = client == ClientKind.VsCode ? new[] { "servers", "inputs" } : [key];
        foreach (var (name, _) in root)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"{client}: top-level '{name}' is not read (expected {string.Join(", ", allowed)})");
            }
        }

        var servers = root[key] as JsonObject ?? throw new InvalidDataException($"{client}: '{key}' must be an object of servers");
        return [.. servers.Select(s => Entry(client, s.Key, s.Value as JsonObject ?? throw new InvalidDataException($"{client}: {key}.{s.Key} must be an object")))];
    }

    /// <summary>
    /// Expands the variables in a value as the client would: <paramref name="environment"/> holds the
    /// client's environment, <paramref name="inputs"/> what the user typed at VS Code's prompts. A
    /// variable form the client does not expand, or an unset variable, is an error (the client would send it as text).
    /// </summary>
    public static string Expand(ClientKind client, JsonObject root, string value, IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> inputs) =>
        Variable().Replace(value, match =>
        {
            var reference = match.Groups[1].Value;
            switch (client)
            {
                case ClientKind.VsCode when reference.StartsWith("input:", StringComparison.Ordinal):
                    var id = reference["input:".Length..];
                    var declared = (root["inputs"] as JsonArray)?.OfType<JsonObject>().SingleOrDefault(i => i["id"]?.GetValue<string>() == id)
                        ?? throw new InvalidDataException($"VsCode: ${{input:{id}}} has no entry in 'inputs'");
                    if (declared["type"]?.GetValue<string>() != "promptString" || declared["password"]?.GetValue<bool>() != true)
                    {
                        throw new InvalidDataException($"VsCode: inputs '{id}' must be a promptString with \"password\": true (a token is a secret)");
                    }

                    return inputs.TryGetValue(id, out var typed) ? typed : throw new InvalidDataException($"VsCode: nothing typed for input '{id}'");
                case ClientKind.Cursor when reference.StartsWith("env:", StringComparison.Ordinal):
                    return Lookup(client, reference["env:".Length..], environment);
                case ClientKind.ClaudeCode or ClientKind.Generic when EnvironmentName().IsMatch(reference):
                    return Lookup(client, reference, environment);
                case ClientKind.ClaudeCode when reference.Contains(":-", StringComparison.Ordinal):
                    var at = reference.IndexOf(":-", StringComparison.Ordinal);
                    return environment.TryGetValue(reference[..at], out var set) ? set : reference[(at + 2)..];
                default:
                    throw new InvalidDataException($"{client}: '${{{reference}}}' is not a variable this client expands; it would be sent as text");
            }
        });

    private static string Lookup(ClientKind client, string name, IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"{client}: environment variable {name} is not set");

    private static ServerEntry Entry(ClientKind client, string name, JsonObject entry)
    {
        var type = entry["type"]?.GetValue<string>();
        var transport = client switch
        {
            ClientKind.VsCode => type ?? throw new InvalidDataException($"VsCode: servers.{name}.type is required (stdio or http)"),
            ClientKind.ClaudeDesktop when entry.ContainsKey("url") => throw new InvalidDataException($"ClaudeDesktop: mcpServers.{name}.url: its configuration file launches stdio servers only"),
            ClientKind.ClaudeDesktop => "stdio",
            ClientKind.ClaudeCode => type ?? "stdio",
            _ => entry.ContainsKey("url") ? type ?? "http" : type ?? "stdio",
        };
        if (transport is not ("stdio" or "http"))
        {
            throw new InvalidDataException($"{client}: {name}.type '{transport}' is not stdio or http");
        }

        var command = entry["command"]?.GetValue<string>();
        var url = entry["url"]?.GetValue<string>();
        if (transport == "stdio" && (command is null || url is not null))
        {
            throw new InvalidDataException($"{client}: {name} is a stdio server: it needs 'command' and no 'url'");
        }

        if (transport == "http" && (url is null || command is not null))
        {
            throw new InvalidDataException($"{client}: {name} is an HTTP server: it needs 'url' and no 'command'");
        }

        var arguments = entry["args"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? [];
        var headers = entry["headers"]?.AsObject().ToDictionary(h => h.Key, h => h.Value!.GetValue<string>(), StringComparer.Ordinal) ?? [];
        return new ServerEntry(name, transport, command, arguments, url, headers);
    }

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
