using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;
using McpGate.Sandbox.Resources.Core;

namespace McpGate.Sandbox.Seeding;

/// <summary>
/// The default scenario: two Ready nodes; namespaces default, demo (web and api, what the demo and
/// the tests rely on), staging and prod with a few realistic apps (deployments, a statefulset, a
/// daemonset, a completed job, a cronjob, a PDB, an HPA, an ingress), services, a configmap and a secret.
/// </summary>
internal static class DemoSeed
{
    public const string DemoNamespace = "demo";

    public static void Apply(ObjectService objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        Create(objects, BuiltInResources.Namespaces, SeedObjects.Namespace("default"));
        Create(objects, BuiltInResources.Namespaces, SeedObjects.Namespace(DemoNamespace));
        Create(objects, BuiltInResources.Deployments, SeedObjects.Deployment(DemoNamespace, "web", "nginx:1.27", 2, 80));
        Create(objects, BuiltInResources.Deployments, SeedObjects.Deployment(DemoNamespace, "api", "ghcr.io/example/api:1.4.2", 3, 8080));
        NodeSeed.Apply(objects);
        SeedStaging(objects);
        SeedProd(objects);
    }

    private static void SeedStaging(ObjectService objects)
    {
        const string Ns = "staging";
        Create(objects, BuiltInResources.Namespaces, SeedObjects.Namespace(Ns));
        Create(objects, BuiltInResources.Deployments, SeedObjects.Deployment(Ns, "web", "nginx:1.27", 2, 80));
        Create(objects, BuiltInResources.Deployments, SeedObjects.Deployment(Ns, "api", "ghcr.io/example/api:1.5.0-rc.1", 2, 8080));
        Create(objects, CoreResources.Services, SeedObjects.Service(Ns, "web", 80, 80));
    }

    private static void SeedProd(ObjectService objects)
    {
        const string Ns = "prod";
        Create(objects, BuiltInResources.Namespaces, SeedObjects.Namespace(Ns));
        Create(objects, BuiltInResources.Deployments, SeedObjects.Deployment(Ns, "web", "nginx:1.27", 4, 80));
        Create(objects, BuiltInResources.Deployments, SeedObjects.Deployment(Ns, "api", "ghcr.io/example/api:1.4.2", 3, 8080));
        Create(objects, BuiltInResources.Deployments, SeedObjects.Deployment(Ns, "worker", "ghcr.io/example/worker:2.0.3", 2, 0));
        Create(objects, CoreResources.Services, SeedObjects.Service(Ns, "web", 80, 80));
        Create(objects, CoreResources.Services, SeedObjects.Service(Ns, "api", 8080, 8080));
        Create(objects, CoreResources.Services, SeedObjects.Service(Ns, "cache", 6379, 6379));
        Create(objects, WorkloadResources.StatefulSets, SeedWorkloads.StatefulSet(Ns, "cache", "redis:7.4", 3, 6379));
        Create(objects, WorkloadResources.DaemonSets, SeedWorkloads.DaemonSet(Ns, "log-agent", "fluent/fluent-bit:3.2"));
        Create(objects, WorkloadResources.Jobs, SeedWorkloads.Job(Ns, "db-migrate", "ghcr.io/example/api:1.4.2"));
        Create(objects, WorkloadResources.CronJobs, SeedWorkloads.CronJob(Ns, "nightly-report", "0 2 * * *", "ghcr.io/example/worker:2.0.3"));
        Create(objects, WorkloadResources.PodDisruptionBudgets, SeedWorkloads.DisruptionBudget(Ns, "web", 3));
        Create(objects, WorkloadResources.HorizontalPodAutoscalers, SeedWorkloads.Autoscaler(Ns, "web", 4, 10));
        Create(objects, WorkloadResources.Ingresses, SeedWorkloads.Ingress(Ns, "web", "shop.example.com", 80));
        Create(objects, CoreResources.ConfigMaps, SeedObjects.ConfigMap(Ns, "app-config", new JsonObject
        {
            ["LOG_LEVEL"] = "info",
            ["FEATURE_CHECKOUT_V2"] = "false",
            ["API_BASE_URL"] = "http://api.prod.svc.cluster.local:8080",
        }));
        Create(objects, CoreResources.Secrets, SeedObjects.Secret(Ns, "db-credentials", new JsonObject
        {
            ["username"] = "app",
            ["password"] = "s3cr3t-sandbox-only",
        }));
    }

    private static void Create(ObjectService objects, ResourceDefinition definition, JsonObject obj) =>
        objects.Create(definition, JsonFields.String(obj, "metadata", "namespace"), obj, dryRun: false);
}
