using McpGate.Sandbox.Resources.Apps;
using McpGate.Sandbox.Resources.Authorization;
using McpGate.Sandbox.Resources.Core;
using McpGate.Sandbox.Resources.Rbac;

namespace McpGate.Sandbox.Resources;

/// <summary>The resource types served today; new types are one more entry here.</summary>
internal static class BuiltInResources
{
    public static ResourceDefinition Namespaces { get; } = new()
    {
        Group = string.Empty,
        Version = "v1",
        Plural = "namespaces",
        Singular = "namespace",
        Kind = "Namespace",
        Namespaced = false,
        ShortNames = ["ns"],
        Behavior = new NamespaceBehavior(),
        Subresources = [StatusSubresource.Instance],
    };

    public static ResourceDefinition Pods { get; } = new()
    {
        Group = string.Empty,
        Version = "v1",
        Plural = "pods",
        Singular = "pod",
        Kind = "Pod",
        Namespaced = true,
        ShortNames = ["po"],
        Categories = ["all"],
        Behavior = new PodBehavior(),
        Subresources = [StatusSubresource.Instance, PodLogSubresource.Instance, Policy.EvictionSubresource.Instance],
    };

    public static ResourceDefinition Deployments { get; } = new()
    {
        Group = "apps",
        Version = "v1",
        Plural = "deployments",
        Singular = "deployment",
        Kind = "Deployment",
        Namespaced = true,
        ShortNames = ["deploy"],
        Categories = ["all"],
        Behavior = new DeploymentBehavior(),
        Subresources = [StatusSubresource.Instance, ScaleSubresource.Instance],
    };

    public static ResourceDefinition ReplicaSets { get; } = new()
    {
        Group = "apps",
        Version = "v1",
        Plural = "replicasets",
        Singular = "replicaset",
        Kind = "ReplicaSet",
        Namespaced = true,
        ShortNames = ["rs"],
        Categories = ["all"],
        Behavior = new ReplicaSetBehavior(),
        Subresources = [StatusSubresource.Instance, ScaleSubresource.Instance],
    };

    public static ResourceRegistry CreateRegistry() =>
        new ResourceRegistry()
            .Add(Namespaces)
            .Add(Pods)
            .Add(Deployments)
            .Add(ReplicaSets)
            .Add(WorkloadResources.StatefulSets)
            .Add(WorkloadResources.DaemonSets)
            .Add(WorkloadResources.ControllerRevisions)
            .Add(WorkloadResources.Jobs)
            .Add(WorkloadResources.CronJobs)
            .Add(WorkloadResources.HorizontalPodAutoscalers)
            .Add(WorkloadResources.PodDisruptionBudgets)
            .Add(WorkloadResources.Ingresses)
            .Add(CoreResources.Nodes)
            .Add(CoreResources.ConfigMaps)
            .Add(CoreResources.Secrets)
            .Add(CoreResources.Services)
            .Add(CoreResources.ServiceAccounts)
            .Add(CoreResources.PersistentVolumeClaims)
            .Add(CoreResources.Events)
            .AddGroupVersion("autoscaling/v1")
            .Add(RbacResources.Roles)
            .Add(RbacResources.RoleBindings)
            .Add(RbacResources.ClusterRoles)
            .Add(RbacResources.ClusterRoleBindings)
            .Add(ReviewResources.SelfSubjectReviews)
            .Add(ReviewResources.SelfSubjectAccessReviews)
            .Add(ReviewResources.SelfSubjectRulesReviews);
}
