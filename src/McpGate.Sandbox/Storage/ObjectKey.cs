using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Storage;

/// <summary>Where an object lives: its resource type, namespace ("" when cluster-scoped) and name.</summary>
internal readonly record struct ObjectKey(GroupVersionResource Resource, string Namespace, string Name)
{
    public override string ToString() =>
        Namespace.Length == 0 ? $"{Resource}/{Name}" : $"{Resource}/{Namespace}/{Name}";
}
