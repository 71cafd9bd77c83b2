using System.CommandLine;

namespace McpGate.Cli.Infrastructure;

/// <summary>Options several commands share; each command gets its own instances.</summary>
internal static class CommonOptions
{
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "Data directory shared by the server and the CLI (ledger, gate key). Default: $MCPGATE_HOME, else $XDG_DATA_HOME/mcpgate, else ~/.local/share/mcpgate.",
    };

    public static Option<string?> Policies() => new("--policies")
    {
        Description = "Folder of policy YAML files. Default: $MCPGATE_POLICIES, else ./policies, else the copy shipped with mcpgate.",
    };

    public static Option<string?> Manifests() => new("--manifests")
    {
        Description = "Folder of tool manifest YAML files. Default: $MCPGATE_MANIFESTS, else ./tool-manifests, else the copy shipped with mcpgate.",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print JSON instead of a table.",
    };
}
