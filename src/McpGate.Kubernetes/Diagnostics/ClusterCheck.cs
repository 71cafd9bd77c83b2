using System.Net;
using System.Text.Json.Nodes;
using McpGate.Core.Cluster;
using McpGate.Kubernetes.Api;
using McpGate.Kubernetes.Authentication;
using McpGate.Kubernetes.Http;

namespace McpGate.Kubernetes.Diagnostics;

/// <summary>
/// Checks that a context is usable by McpGate: the server answers, who the credentials are
/// (SelfSubjectReview), whether they may do what the tools need in each namespace the policy names
/// (SelfSubjectAccessReview), and whether they are broader than needed. Failed answers (5xx, timeouts,
/// unreachable) become failed checks in the report, never exceptions.
/// </summary>
public static partial class ClusterCheck
{
    private static readonly ResourceRef s_selfSubjectReviews = new() { Group = "authentication.k8s.io", Version = "v1", Resource = "selfsubjectreviews" };
    private static readonly ResourceRef s_accessReviews = new() { Group = "authorization.k8s.io", Version = "v1", Resource = "selfsubjectaccessreviews" };

    /// <summary>
    /// Runs the check. <paramref name="namespaces"/> are the namespaces to check (<c>*</c> = cluster-wide);
    /// <paramref name="requirements"/> are the permissions to check in each of them (see
    /// <see cref="ClusterAccessNeeds.FromManifests"/>); a cluster-wide one is checked once.
    /// Never throws for cluster answers: failures become <see cref="ClusterCheckReport.Errors"/>.
    /// </summary>
    public static async Task<ClusterCheckReport> RunAsync(
        KubeApiClient client,
        IReadOnlyCollection<string> namespaces,
        IReadOnlyList<ClusterAccessRequirement> requirements,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentNullException.ThrowIfNull(requirements);
        var report = new ClusterCheckReport { Context = client.Endpoint.ContextName, Server = UrlCredentials.Redact(client.Endpoint.Server.ToString()), Connected = false };
        string version;
        try
        {
            var document = await client.GetPathAsync("/version", cancellationToken).ConfigureAwait(false);
            version = document["gitVersion"]?.GetValue<string>() ?? $"{document["major"]}.{document["minor"]}";
        }
        catch (Exception ex) when (IsClusterFailure(ex, cancellationToken))
        {
            return report with { Errors = [$"cannot reach the API server: {UrlCredentials.Redact(ClusterErrorTranslator.Causes(ex))}"] };
        }

        var warnings = new List<string>();
        var errors = new List<string>();
        var (user, groups) = await IdentityAsync(client, warnings, errors, cancellationToken).ConfigureAwait(false);
        var access = new List<ClusterAccessResult>();
        var checkedNamespaces = await ExpandGlobsAsync(client, namespaces, warnings, cancellationToken).ConfigureAwait(false);
        foreach (var requirement in requirements)
        {
            foreach (var ns in requirement.ClusterWide ? ["*"] : checkedNamespaces)
            {
                var result = await ReviewAsync(client, ns, requirement, errors, cancellationToken).ConfigureAwait(false);
                if (result is null)
                {
                    return report with { Connected = true, ServerVersion = version, User = user, Groups = groups, Access = access, Warnings = warnings, Errors = errors };
                }

                access.Add(result);
                if (!result.Allowed)
                {
                    errors.Add(MissingPermission(requirement, ns));
                }
            }
        }

        var admin = await ReviewAsync(client, "*", new ClusterAccessRequirement("*", "*", "*"), errors, cancellationToken).ConfigureAwait(false);
        var secrets = await ReviewAsync(client, "*", new ClusterAccessRequirement("list", string.Empty, "secrets"), errors, cancellationToken).ConfigureAwait(false);
        if (admin?.Allowed == true)
        {
            warnings.Add("these credentials are cluster-admin (may do * on * in every namespace): far broader than McpGate needs; use a service account bound only to the namespaces and verbs above");
        }
        else if (secrets?.Allowed == true)
        {
            warnings.Add("these credentials may list secrets in every namespace: broader than McpGate needs");
        }

        return report with
        {
            Identity = await IdentifyAsync(client, warnings, errors, cancellationToken).ConfigureAwait(false),
            Connected = true,
            ServerVersion = version,
            User = user,
            Groups = groups,
            Access = access,
            ClusterAdmin = admin?.Allowed == true,
            Warnings = warnings,
            Errors = errors,
        };
    }

    /// <summary>
    /// Namespaces named by allow rules; a rule without namespaces (or <c>*</c>) is checked cluster-wide, and a
    /// glob (<c>team-*</c>) is kept: <see cref="RunAsync"/> checks each existing namespace it matches.
    /// </summary>
    private static string MissingPermission(ClusterAccessRequirement requirement, string ns)
    {
        var where = requirement.ClusterWide ? "cluster-wide" : ns == "*" ? "in all namespaces" : $"in namespace {ns}";
        var neededBy = requirement.NeededBy.Count == 0 ? string.Empty : $" (needed by {string.Join(", ", requirement.NeededBy)})";
        var grant = requirement.ClusterWide || ns == "*" ? "a ClusterRole and ClusterRoleBinding" : "a Role/RoleBinding (or ClusterRole)";
        return $"cannot {requirement} {where}{neededBy}: grant it with {grant} for this user";
    }

    public static IReadOnlyList<string> NamespacesFromRules(IEnumerable<McpGate.Core.Policy.PolicyRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules.Where(r => r.Effect == McpGate.Core.Policy.PolicyEffect.Allow)
            .SelectMany(r => r.Namespaces ?? ["*"])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<(string? User, IReadOnlyList<string> Groups)> IdentityAsync(
        KubeApiClient client,
        List<string> warnings,
        List<string> errors,
        CancellationToken cancellationToken)
    {
        try
        {
            var review = await CreateReviewAsync(
                client,
                s_selfSubjectReviews,
                new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "SelfSubjectReview" },
                cancellationToken).ConfigureAwait(false);
            var info = review["status"]?["userInfo"];
            var groups = (info?["groups"] as JsonArray)?.Select(g => g?.GetValue<string>()).OfType<string>().ToList() ?? [];
            return (info?["username"]?.GetValue<string>(), groups);
        }
        catch (KubeApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.MethodNotAllowed)
        {
            if (KubeconfigUser.Guess(client.Endpoint) is { } guess)
            {
                warnings.Add($"identity unknown to the cluster: it does not answer SelfSubjectReview (Kubernetes < 1.28, or not allowed); the kubeconfig's credentials name {guess}, used below");
                return (guess, []);
            }

            warnings.Add("identity unknown: the cluster does not answer SelfSubjectReview (Kubernetes < 1.28, or not allowed), and the kubeconfig's credentials name no user");
            return (null, []);
        }
        catch (Exception ex) when (IsClusterFailure(ex, cancellationToken))
        {
            errors.Add($"cannot ask the cluster who these credentials are (SelfSubjectReview): {UrlCredentials.Redact(ex.Message)}");
            return (null, []);
        }
    }

    private static async Task<ClusterAccessResult?> ReviewAsync(
        KubeApiClient client,
        string ns,
        ClusterAccessRequirement requirement,
        List<string> errors,
        CancellationToken cancellationToken)
    {
        var attributes = new JsonObject { ["verb"] = requirement.Verb, ["group"] = requirement.Group, ["resource"] = requirement.Resource };
        if (requirement.Subresource is { } subresource)
        {
            attributes["subresource"] = subresource;
        }

        if (ns != "*")
        {
            attributes["namespace"] = ns;
        }

        var body = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SelfSubjectAccessReview",
            ["spec"] = new JsonObject { ["resourceAttributes"] = attributes },
        };
        try
        {
            var review = await CreateReviewAsync(client, s_accessReviews, body, cancellationToken).ConfigureAwait(false);
            var status = review["status"];
            return new ClusterAccessResult
            {
                Namespace = ns,
                Requirement = requirement,
                Allowed = status?["allowed"]?.GetValue<bool>() == true && status?["denied"]?.GetValue<bool>() != true,
                Reason = status?["reason"]?.GetValue<string>() ?? status?["evaluationError"]?.GetValue<string>(),
            };
        }
        catch (Exception ex) when (IsClusterFailure(ex, cancellationToken))
        {
            errors.Add($"cannot ask the cluster what these credentials may do (SelfSubjectAccessReview): {UrlCredentials.Redact(ex.Message)}");
            return null;
        }
    }
}
