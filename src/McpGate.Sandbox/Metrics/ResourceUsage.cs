namespace McpGate.Sandbox.Metrics;

/// <summary>CPU in nanocores and memory in bytes, as metrics-server measures them.</summary>
internal readonly record struct ResourceUsage(long Nanocores, long Bytes)
{
    public static ResourceUsage operator +(ResourceUsage left, ResourceUsage right) =>
        new(left.Nanocores + right.Nanocores, left.Bytes + right.Bytes);

    public static ResourceUsage Add(ResourceUsage left, ResourceUsage right) => left + right;
}
