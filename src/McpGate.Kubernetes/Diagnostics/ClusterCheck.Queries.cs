using System.Net;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Authentication;
using McpGate.Kubernetes.Http;

namespace McpGate.Kubernetes.Diagnostics;

/// <summary>The check's requests: reviews retried when throttled, and glob namespaces expanded by listing.</summary>
public static partial class ClusterCheck
{
    private const int MaxReviewAttempts = 3;
    private static readonly ResourceRef s_namespaces = new() { Group = string.Empty, Version = "v1", Resource = "namespaces" };

    /// <summary>
    /// POSTs a review. Reviews are read-only queries despite the verb, so a 429 is retried (honouring
    /// <c>Retry-After</c>) the way a read would be; other failures are not.
    /// </summary>
    private static async Task<JsonObject> CreateReviewAsync(KubeApiClient client, ResourceRef reviews, JsonObject body, CancellationToken cancellationToken)
    {
        var options = client.Options;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.CreateAsync(reviews, body, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxReviewAttempts)
            {
                var delay = ex.Details?.RetryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(Math.Max(0, seconds)) : options.RetryBaseDelay * Math.Pow(2, attempt - 1);
                await Task.Delay(delay > options.MaxRetryAfter ? options.MaxRetryAfter : delay, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The namespaces to check, sorted: <c>*</c> and exact names as given; each prefix glob (<c>team-*</c>)
    /// replaced by the existing namespaces it matches, or by <c>*</c> when they cannot be listed.
    /// </summary>
    /// <summary>Every namespace's name, or what stopped the list (redacted).</summary>
    private static async Task<(List<string> Names, string? Failure)> NamespaceNamesAsync(KubeApiClient client, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        try
        {
            await foreach (var item in client.ListAllAsync(s_namespaces, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (item["metadata"]?["name"] is JsonValue name && name.TryGetValue<string>(out var text))
                {
                    names.Add(text);
                }
            }
        }
        catch (Exception ex) when (IsClusterFailure(ex, cancellationToken))
        {
            return (names, UrlCredentials.Redact(ex.Message));
        }

        return (names, null);
    }

    private static async Task<IReadOnlyList<string>> ExpandGlobsAsync(
        KubeApiClient client,
        IReadOnlyCollection<string> namespaces,
        List<string> warnings,
        CancellationToken cancellationToken)
    {
        var result = new SortedSet<string>(namespaces.Where(n => !IsGlob(n)), StringComparer.Ordinal);
        var globs = namespaces.Where(IsGlob).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (globs.Count == 0)
        {
            return [.. result];
        }

        var (existing, listFailure) = await NamespaceNamesAsync(client, cancellationToken).ConfigureAwait(false);

        foreach (var glob in globs)
        {
            if (listFailure is not null)
            {
                warnings.Add($"cannot check a glob ({glob}) and cannot list namespaces ({listFailure}); checking cluster-wide instead");
                result.Add("*");
                continue;
            }

            var prefix = glob[..^1];
            var matching = existing.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            warnings.Add(matching.Count == 0
                ? $"cannot check a glob ({glob}); listing matching namespaces found none, so nothing was checked for it"
                : $"cannot check a glob ({glob}); listing matching namespaces and checking each: {string.Join(", ", matching)}");
            result.UnionWith(matching);
        }

        return [.. result];
    }

    private static bool IsGlob(string ns) => ns.Length > 1 && ns.EndsWith('*');

    /// <summary>An answer (or non-answer) of the cluster to report, as opposed to the caller cancelling.</summary>
    private static bool IsClusterFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is KubeApiException or HttpRequestException or TimeoutException or KubeAuthenticationException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
