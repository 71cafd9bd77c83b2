using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Diagnostics;
using Microsoft.Extensions.Logging;

namespace McpGate.Cli.Commands;

/// <summary>
/// At <c>serve</c> start, asks the cluster (SelfSubjectAccessReview, as <c>cluster check</c> does) whether
/// the credentials may do what the loaded tools need in the namespaces the policy names, and logs one
/// warning per missing permission. It never stops the server: reads and other tools still work.
/// </summary>
internal static partial class ServePermissionCheck
{
    /// <summary>How long after start the check begins: after an IDE's first tools/list and, usually, its first call.</summary>
    public static readonly TimeSpan StartDelay = TimeSpan.FromSeconds(1);

    public static async Task WarnAsync(KubeApiClient client, ManifestSet manifests, PolicySet policy, ILogger logger, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            var namespaces = ClusterCheck.NamespacesFromRules(policy.Rules).ToList() is { Count: > 0 } named ? named : ["*"];
            var report = await ClusterCheck.RunAsync(client, namespaces, ClusterAccessNeeds.FromManifests(manifests.Tools), cancellationToken).ConfigureAwait(false);
            foreach (var error in report.Errors)
            {
                Log.MissingPermission(logger, error);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping before the check finished: nothing to report.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.CheckFailed(logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Credentials: {Problem}; the tools that need it will fail when they run (mcpgate cluster check prints the Role that grants it)")]
        public static partial void MissingPermission(ILogger logger, string problem);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Could not check the credentials' permissions at start: {Reason}")]
        public static partial void CheckFailed(ILogger logger, string reason);
    }
}
