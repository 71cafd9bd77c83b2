using System.Text.Json.Nodes;

namespace McpGate.Core.Reads.Describe;

/// <summary>What <c>describe</c> shows of one resource beyond its metadata and events.</summary>
public interface IObjectDescriber
{
    /// <summary>The object's key facts (first section) and its related state; redacted.</summary>
    /// <exception cref="Cluster.ClusterException">Related state could not be read; the caller reports it in place of the section.</exception>
    Task<IReadOnlyList<DescribeSection>> DescribeAsync(JsonObject obj, ReadTarget target, ReadContext context, CancellationToken cancellationToken);
}
