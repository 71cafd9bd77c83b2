using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Seeding;

/// <summary>
/// Namespaces every cluster has, whatever the scenario. kube-system's uid is created once, at random, so
/// no two sandboxes share it (clients use it as the cluster's identity); with a state file it is kept,
/// as a real cluster keeps it across API server restarts.
/// </summary>
internal static class SystemNamespaces
{
    public const string KubeSystem = "kube-system";

    /// <summary>Creates kube-system when absent; true when it did (so a loaded state must be saved).</summary>
    public static bool Ensure(ObjectService objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Store.Get(ObjectService.KeyOf(BuiltInResources.Namespaces, null, KubeSystem)) is not null)
        {
            return false;
        }

        objects.Create(BuiltInResources.Namespaces, null, SeedObjects.Namespace(KubeSystem), dryRun: false);
        return true;
    }
}
