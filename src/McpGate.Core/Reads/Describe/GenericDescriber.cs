using System.Text.Json.Nodes;
using McpGate.Core.Reads.Views;

namespace McpGate.Core.Reads.Describe;

/// <summary>Any kind without a describer of its own: the resource's view in detail (redacted) as dotted lines, metadata left to the header.</summary>
public sealed class GenericDescriber : IObjectDescriber
{
    /// <summary>Lines of the object in the text; the structured content keeps it whole.</summary>
    public const int MaxLines = 60;

    public static GenericDescriber Instance { get; } = new();

    public Task<IReadOnlyList<DescribeSection>> DescribeAsync(JsonObject obj, ReadTarget target, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        var detail = ResourceViews.For(target.Ref).Detail(obj, context.Time.GetUtcNow());
        var body = (JsonObject)detail.DeepClone();
        foreach (var key in new[] { "metadata", "apiVersion", "kind", "name", "namespace", "createdAt", "labels", "annotations", "resourceVersion" })
        {
            body.Remove(key);
        }

        IReadOnlyList<DescribeSection> sections = [new DescribeSection(string.Empty, FlatText.Render(body, MaxLines), detail)];
        return Task.FromResult(sections);
    }
}
