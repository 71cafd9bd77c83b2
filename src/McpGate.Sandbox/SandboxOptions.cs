using McpGate.Sandbox.Faults;
using Microsoft.Extensions.Logging;

namespace McpGate.Sandbox;

/// <summary>Settings for an embedded sandbox cluster.</summary>
public sealed class SandboxOptions
{
    /// <summary>Plain-HTTP TCP port on 127.0.0.1 (no credentials; for tests and curl); 0 picks a random free port.</summary>
    public int Port { get; set; }

    /// <summary>
    /// HTTPS TCP port on 127.0.0.1, the endpoint kubeconfigs name (client-go sends credentials only
    /// over TLS); 0 picks a random free port.
    /// </summary>
    public int HttpsPort { get; set; }

    /// <summary>How long a new pod stays Pending before it becomes Running and Ready.</summary>
    public TimeSpan PodReadyDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bearer token clients must present; generated when null.</summary>
    public string? Token { get; set; }

    /// <summary>Seeds the <c>default</c> and <c>demo</c> namespaces and the demo deployments.</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>
    /// A scenario to load at start (after the demo seed when <see cref="SeedDemo"/> is true): YAML with
    /// one object per document, a list of objects, or a v1 List. Namespaces objects name are created.
    /// Errors are <see cref="SandboxScenarioException"/> with file:line.
    /// </summary>
    public string? ScenarioPath { get; set; }

    /// <summary>
    /// A JSON file holding the whole cluster (objects and the resourceVersion counter). When it exists
    /// at start it is loaded instead of seeding (and instead of <see cref="ScenarioPath"/>); a corrupt
    /// file is a <see cref="SandboxStateException"/> naming it. Changes are saved atomically (temporary
    /// file, then rename; mode 0600, it holds secrets) 500 ms after the last write and on dispose.
    /// </summary>
    public string? StatePath { get; set; }

    /// <summary>
    /// Clock for timestamps and the controllers' timers. Tests may pass a manual clock: pods then start
    /// only when it moves (see <see cref="SandboxCluster.WaitForIdleAsync"/>).
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where logs go; null means no logs. The sandbox never writes to stdout.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// More bearer tokens, token -> user name, for tests that need several identities (exec
    /// plugins, token files). Each user is cluster-admin unless named in <see cref="ViewUsers"/>.
    /// </summary>
    public IDictionary<string, string> AdditionalTokens { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Users (from <see cref="AdditionalTokens"/> or client certificates) bound to the ClusterRole
    /// <c>view</c>: get, list and watch on everything except secrets; any write is 403 Forbidden.
    /// </summary>
    public ISet<string> ViewUsers { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Serves metrics.k8s.io/v1beta1 (NodeMetrics, PodMetrics) as metrics-server would, so
    /// <c>kubectl top</c> works. False makes the cluster one without metrics-server: the group is
    /// absent from discovery and its paths are 404. A scenario can do the same by annotating the
    /// kube-system namespace <c>sandbox.mcpgate.dev/metrics-server: disabled</c>.
    /// </summary>
    public bool ServeMetrics { get; set; } = true;

    /// <summary>How often a watch with allowWatchBookmarks=true gets a BOOKMARK event (the API server: about a minute).</summary>
    public TimeSpan WatchBookmarkInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Faults scripted for upcoming requests (429, 5xx, dropped connections, delays). The same
    /// instance is live on the running cluster (<see cref="SandboxCluster.Faults"/>): add faults
    /// at any time, from any thread.
    /// </summary>
    public SandboxFaults Faults { get; } = new();

    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Port is < 0 or > 65535)
        {
            errors.Add($"Port must be between 0 and 65535, got {Port}.");
        }

        if (HttpsPort is < 0 or > 65535)
        {
            errors.Add($"HttpsPort must be between 0 and 65535, got {HttpsPort}.");
        }
        else if (HttpsPort != 0 && HttpsPort == Port)
        {
            errors.Add($"Port and HttpsPort must differ, both are {Port}.");
        }

        if (PodReadyDelay < TimeSpan.Zero)
        {
            errors.Add("PodReadyDelay must not be negative.");
        }

        if (WatchBookmarkInterval <= TimeSpan.Zero)
        {
            errors.Add("WatchBookmarkInterval must be positive.");
        }

        if (Token is not null && (Token.Length == 0 || Token.Any(char.IsWhiteSpace)))
        {
            errors.Add("Token must be non-empty and contain no whitespace.");
        }

        foreach (var (extra, user) in AdditionalTokens)
        {
            if (extra.Length == 0 || extra.Any(char.IsWhiteSpace) || string.Equals(extra, Token, StringComparison.Ordinal))
            {
                errors.Add("AdditionalTokens keys must be non-empty, without whitespace, and differ from Token.");
            }

            if (string.IsNullOrWhiteSpace(user))
            {
                errors.Add("AdditionalTokens user names must not be empty.");
            }
        }

        if (ScenarioPath is not null && !File.Exists(ScenarioPath))
        {
            errors.Add($"ScenarioPath {ScenarioPath} does not exist.");
        }

        if (StatePath is not null && (StatePath.Trim().Length == 0 || !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(StatePath)))))
        {
            errors.Add($"StatePath {StatePath} must name a file in an existing directory.");
        }

        if (TimeProvider is null)
        {
            errors.Add("TimeProvider is required.");
        }

        return errors;
    }
}
