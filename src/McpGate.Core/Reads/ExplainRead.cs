using System.Text;
using System.Text.Json.Nodes;
using McpGate.Core.Reads.Schemas;

namespace McpGate.Core.Reads;

/// <summary>
/// A kind's or field's schema from the cluster's OpenAPI v3 document, as <c>kubectl explain</c> gives it:
/// type, description, and the sub-fields with their types (one line each, descriptions cut to a sentence).
/// </summary>
public sealed class ExplainRead : IReadStrategy
{
    /// <summary>Characters of a sub-field's description in the text; the structured content keeps it whole.</summary>
    private const int FieldDescription = 110;

    public async Task<ReadResult> ReadAsync(ReadRequest request, ReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.Operation.Kind is not { } kind)
        {
            throw new ReadException($"{request.Manifest.Name} names no kind to explain; its manifest needs operation.kind.");
        }

        var served = await KindResolver.ResolveAsync(context.Cluster, kind, request.Operation.ApiVersion, cancellationToken).ConfigureAwait(false);
        var path = (request.Operation.Query.Field ?? string.Empty).Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (path.Length > 0 && string.Equals(path[0], served.Kind, StringComparison.OrdinalIgnoreCase))
        {
            // kubectl explain takes deployment.spec.replicas as well as spec.replicas.
            path = path[1..];
        }

        var document = await context.Cluster.GetOpenApiAsync(served.ApiVersion, cancellationToken).ConfigureAwait(false);
        var schema = document is null ? null : OpenApiSchemaWalker.FindKind(document, served.Group, served.Version, served.Kind);
        if (document is null || schema is null)
        {
            throw new ReadException(
                $"cluster {context.Cluster.ClusterName} publishes no OpenAPI schema for {served.Kind} ({served.ApiVersion})" +
                (document is null ? " (no OpenAPI v3 document for this group version)" : string.Empty) +
                $". Read an existing object with resources_get (kind {served.Kind}) to see the fields it has.");
        }

        var field = OpenApiSchemaWalker.Walk(document, schema, served.Kind, path);
        var text = new StringBuilder();
        text.Append("KIND:     ").Append(served.Kind).Append('\n');
        text.Append("VERSION:  ").Append(served.ApiVersion).Append('\n');
        if (field.Path.Length > 0)
        {
            text.Append("FIELD:    ").Append(field.Path).Append(" <").Append(field.Type).Append(">\n");
        }

        text.Append("\nDESCRIPTION:\n  ").Append(Redaction.Text(field.Description).ReplaceLineEndings(" ")).Append('\n');
        if (field.Fields.Count > 0)
        {
            text.Append("\nFIELDS:\n");
            foreach (var sub in field.Fields)
            {
                text.Append("  ").Append(sub.Name).Append(" <").Append(sub.Type).Append('>');
                if (sub.Required)
                {
                    text.Append(" -required-");
                }

                text.Append(Sentence(sub.Description) is { Length: > 0 } sentence ? $": {sentence}" : string.Empty).Append('\n');
            }
        }

        return new ReadResult
        {
            Text = text.ToString(),
            Data = new JsonObject
            {
                ["cluster"] = context.Cluster.ClusterName,
                ["kind"] = served.Kind,
                ["apiVersion"] = served.ApiVersion,
                ["field"] = field.Path,
                ["type"] = field.Type,
                ["description"] = field.Description,
                ["fields"] = new JsonArray([.. field.Fields.Select(f => (JsonNode)new JsonObject
                {
                    ["name"] = f.Name,
                    ["type"] = f.Type,
                    ["required"] = f.Required,
                    ["description"] = f.Description,
                })]),
            },
        };
    }

    /// <summary>The first sentence, cut to <see cref="FieldDescription"/> characters.</summary>
    private static string Sentence(string description)
    {
        var flat = description.ReplaceLineEndings(" ").Trim();
        var end = flat.IndexOf(". ", StringComparison.Ordinal);
        var first = end > 0 ? flat[..(end + 1)] : flat;
        return first.Length <= FieldDescription ? first : string.Concat(first.AsSpan(0, FieldDescription - 3), "...");
    }
}
