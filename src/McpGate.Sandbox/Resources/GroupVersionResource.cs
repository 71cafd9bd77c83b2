namespace McpGate.Sandbox.Resources;

/// <summary>Identifies a resource type on the wire: group (empty for core), version, plural name.</summary>
internal readonly record struct GroupVersionResource(string Group, string Version, string Resource)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => $"{GroupVersion}/{Resource}";
}
