using McpGate.Sandbox.Resources.Apps;
using McpGate.Sandbox.Resources.Autoscaling;
using McpGate.Sandbox.Resources.Batch;
using McpGate.Sandbox.Resources.Networking;
using McpGate.Sandbox.Resources.Policy;

namespace McpGate.Sandbox.Resources;

/// <summary>StatefulSets, DaemonSets, ControllerRevisions, Jobs, CronJobs, HPAs, PDBs and Ingresses, with the real server's names.</summary>
internal static class WorkloadResources
{
    public static ResourceDefinition StatefulSets { get; } = Namespaced("apps", "v1", "statefulsets", "StatefulSet", ["sts"], ["all"],
        new StatefulSetBehavior(), [StatusSubresource.Instance, ScaleSubresource.Instance]);

    public static ResourceDefinition DaemonSets { get; } = Namespaced("apps", "v1", "daemonsets", "DaemonSet", ["ds"], ["all"],
        new DaemonSetBehavior(), [StatusSubresource.Instance]);

    public static ResourceDefinition Jobs { get; } = Namespaced("batch", "v1", "jobs", "Job", [], ["all"],
        new JobBehavior(), [StatusSubresource.Instance]);

    public static ResourceDefinition CronJobs { get; } = Namespaced("batch", "v1", "cronjobs", "CronJob", ["cj"], ["all"],
        new CronJobBehavior(), [StatusSubresource.Instance]);

    public static ResourceDefinition HorizontalPodAutoscalers { get; } = Namespaced("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", ["hpa"], ["all"],
        new HorizontalPodAutoscalerBehavior(), [StatusSubresource.Instance]);

    public static ResourceDefinition ControllerRevisions { get; } = Namespaced("apps", "v1", "controllerrevisions", "ControllerRevision", [], [],
        new ControllerRevisionBehavior(), []);

    public static ResourceDefinition PodDisruptionBudgets { get; } = Namespaced("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", ["pdb"], [],
        new PodDisruptionBudgetBehavior(), [StatusSubresource.Instance]);

    public static ResourceDefinition Ingresses { get; } = Namespaced("networking.k8s.io", "v1", "ingresses", "Ingress", ["ing"], [],
        new IngressBehavior(), [StatusSubresource.Instance]);

    private static ResourceDefinition Namespaced(string group, string version, string plural, string kind, IReadOnlyList<string> shortNames,
        IReadOnlyList<string> categories, IResourceBehavior behavior, IReadOnlyList<ISubresource> subresources) => new()
        {
            Group = group,
            Version = version,
            Plural = plural,
            Singular = kind.ToLowerInvariant(),
            Kind = kind,
            Namespaced = true,
            ShortNames = shortNames,
            Categories = categories,
            Behavior = behavior,
            Subresources = subresources,
        };
}
