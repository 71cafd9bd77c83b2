using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;

namespace McpGate.Kubernetes.Api;

/// <summary>Paged lists: <c>limit</c> and <c>continue</c>, streamed page by page or item by item.</summary>
public sealed partial class KubeApiClient
{
    /// <summary>Default page size of <see cref="ListAllAsync"/>, as kubectl uses.</summary>
    public const int DefaultPageSize = 500;

    /// <summary>
    /// Every page of a collection, following <c>metadata.continue</c> until the last. Each page is one
    /// read (with the read retry rules). An expired continue token (410) is thrown: start again.
    /// </summary>
    public async IAsyncEnumerable<JsonObject> ListPagesAsync(
        ResourceRef target,
        KubeListOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var page = (options ?? new KubeListOptions()) with { Continue = null };
        page = page with { Limit = page.Limit ?? DefaultPageSize };
        while (true)
        {
            var list = await ListAsync(target, page, cancellationToken).ConfigureAwait(false);
            yield return list;
            if (KubeLists.ContinueToken(list) is not { } token)
            {
                yield break;
            }

            // The continue token pins the snapshot; the API server rejects resourceVersion alongside it.
            page = page with { Continue = token, ResourceVersion = null };
        }
    }

    /// <summary>Every item of a collection, across pages, streamed as the pages arrive.</summary>
    public async IAsyncEnumerable<JsonObject> ListAllAsync(
        ResourceRef target,
        KubeListOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in ListPagesAsync(target, options, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in KubeLists.Items(page))
            {
                yield return item;
            }
        }
    }
}
