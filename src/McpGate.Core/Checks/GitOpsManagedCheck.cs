using System.Text.Json.Nodes;
using McpGate.Core.Changes;

namespace McpGate.Core.Checks;

/// <summary>
/// <c>gitops_managed</c>: whether a GitOps controller owns the target, so it would put the object
/// back as Git says and revert the change. Argo CD: annotation <c>argocd.argoproj.io/tracking-id</c>
/// (annotation tracking, the default since Argo CD 3.0) or label <c>argocd.argoproj.io/instance</c>
/// (the usual custom tracking label). Flux: labels <c>kustomize.toolkit.fluxcd.io/name</c> and
/// <c>helm.toolkit.fluxcd.io/name</c> (with their <c>/namespace</c>). Either: a managedFields entry
/// of the object itself (not its status) by <c>argocd-controller</c> (Argo CD's server-side apply
/// manager), <c>argocd-application-controller</c>, <c>kustomize-controller</c> or <c>helm-controller</c>.
/// The label <c>app.kubernetes.io/instance</c> alone is not taken as Argo CD (Helm sets it too); it
/// is recorded as evidence. Warn "managed by X; the change would be reverted", pass otherwise.
/// </summary>
internal sealed class GitOpsManagedCheck : IProofCheck
{
    public const string CheckName = "gitops_managed";
    public const string ArgoTrackingAnnotation = "argocd.argoproj.io/tracking-id";
    public const string ArgoInstanceLabel = "argocd.argoproj.io/instance";
    public const string InstanceLabel = "app.kubernetes.io/instance";
    public const string FluxKustomizationLabel = "kustomize.toolkit.fluxcd.io/name";
    public const string FluxHelmReleaseLabel = "helm.toolkit.fluxcd.io/name";

    private static readonly Dictionary<string, string> s_managers = new(StringComparer.Ordinal)
    {
        ["argocd-controller"] = "Argo CD",
        ["argocd-application-controller"] = "Argo CD",
        ["kustomize-controller"] = "Flux (kustomize-controller)",
        ["helm-controller"] = "Flux (helm-controller)",
    };

    public string Name => CheckName;

    public int Weight => 3;

    public Task<CheckRecord> RunAsync(CheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var obj = context.Observed ?? context.DryRun;
        var metadata = obj["metadata"];
        var labels = Strings(metadata?["labels"]);
        var annotations = Strings(metadata?["annotations"]);
        var managers = (metadata?["managedFields"] as JsonArray ?? [])
            .Where(e => string.IsNullOrEmpty(Workload.Text(e?["subresource"])))
            .Select(e => Workload.Text(e?["manager"]))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var owners = new List<string>();
        if (annotations.TryGetValue(ArgoTrackingAnnotation, out var trackingId))
        {
            owners.Add($"Argo CD (annotation {ArgoTrackingAnnotation} {Verdict.Quote(trackingId)})");
        }

        if (labels.TryGetValue(ArgoInstanceLabel, out var argoApp))
        {
            owners.Add($"Argo CD (label {ArgoInstanceLabel} {Verdict.Quote(argoApp)})");
        }

        AddFlux(owners, labels, "Flux Kustomization", FluxKustomizationLabel, "kustomize.toolkit.fluxcd.io/namespace");
        AddFlux(owners, labels, "Flux HelmRelease", FluxHelmReleaseLabel, "helm.toolkit.fluxcd.io/namespace");
        foreach (var manager in managers.Where(s_managers.ContainsKey))
        {
            owners.Add($"{s_managers[manager]} (field manager {manager})");
        }

        var evidence = new JsonObject
        {
            ["labels"] = Pick(labels, [ArgoInstanceLabel, InstanceLabel, FluxKustomizationLabel, "kustomize.toolkit.fluxcd.io/namespace", FluxHelmReleaseLabel, "helm.toolkit.fluxcd.io/namespace"]),
            ["annotations"] = Pick(annotations, [ArgoTrackingAnnotation]),
            ["managers"] = new JsonArray([.. managers.Order(StringComparer.Ordinal).Select(m => (JsonNode)m)]),
        };
        if (owners.Count > 0)
        {
            return Task.FromResult(Verdict.Warn(Name, $"managed by {string.Join("; ", owners)}; the change would be reverted unless it is also made in Git", evidence));
        }

        var note = labels.ContainsKey(InstanceLabel) ? $" (label {InstanceLabel} is set, but Helm sets it too: not taken as Argo CD)" : string.Empty;
        var subject = context.Observed is null ? "the object to be created carries" : "the target carries";
        return Task.FromResult(Verdict.Pass(Name, $"{subject} no Argo CD or Flux tracking label, annotation or field manager{note}", evidence));
    }

    private static void AddFlux(List<string> owners, Dictionary<string, string> labels, string kind, string nameLabel, string namespaceLabel)
    {
        if (labels.TryGetValue(nameLabel, out var name))
        {
            var owner = labels.TryGetValue(namespaceLabel, out var ns) ? $"{ns}/{name}" : name;
            owners.Add($"{kind} {Verdict.Quote(owner)} (label {nameLabel})");
        }
    }

    private static Dictionary<string, string> Strings(JsonNode? map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map as JsonObject ?? new JsonObject())
        {
            if (Workload.Text(value) is { } text)
            {
                result[key] = text;
            }
        }

        return result;
    }

    private static JsonObject Pick(Dictionary<string, string> map, string[] keys)
    {
        var picked = new JsonObject();
        foreach (var key in keys.Where(map.ContainsKey))
        {
            picked[key] = map[key];
        }

        return picked;
    }
}
