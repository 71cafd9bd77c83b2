using System.Text.Json.Nodes;

namespace McpGate.Sandbox.Seeding;

/// <summary>Manifests of the default scenario's other workload kinds (statefulset, daemonset, job, cronjob, PDB, HPA, ingress).</summary>
internal static class SeedWorkloads
{
    public static JsonObject StatefulSet(string ns, string app, string image, int replicas, int port) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "StatefulSet",
        ["metadata"] = SeedObjects.Metadata(ns, app, app),
        ["spec"] = new JsonObject
        {
            ["serviceName"] = app,
            ["replicas"] = replicas,
            ["selector"] = SeedObjects.MatchApp(app),
            ["template"] = SeedObjects.PodTemplate(app, image, port),
        },
    };

    public static JsonObject DaemonSet(string ns, string app, string image) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "DaemonSet",
        ["metadata"] = SeedObjects.Metadata(ns, app, app),
        ["spec"] = new JsonObject
        {
            ["selector"] = SeedObjects.MatchApp(app),
            ["template"] = SeedObjects.PodTemplate(app, image, 0),
        },
    };

    public static JsonObject Job(string ns, string name, string image)
    {
        var template = SeedObjects.PodTemplate(name, image, 0);
        template["spec"]!["restartPolicy"] = "Never";
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = SeedObjects.Metadata(ns, name, name),
            ["spec"] = new JsonObject { ["template"] = template },
        };
    }

    public static JsonObject CronJob(string ns, string name, string schedule, string image)
    {
        var template = SeedObjects.PodTemplate(name, image, 0);
        template["spec"]!["restartPolicy"] = "OnFailure";
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "CronJob",
            ["metadata"] = SeedObjects.Metadata(ns, name, name),
            ["spec"] = new JsonObject
            {
                ["schedule"] = schedule,
                ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = template } },
            },
        };
    }

    public static JsonObject DisruptionBudget(string ns, string app, int minAvailable) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "PodDisruptionBudget",
        ["metadata"] = SeedObjects.Metadata(ns, app, app),
        ["spec"] = new JsonObject { ["minAvailable"] = minAvailable, ["selector"] = SeedObjects.MatchApp(app) },
    };

    public static JsonObject Autoscaler(string ns, string app, int min, int max) => new()
    {
        ["apiVersion"] = "autoscaling/v2",
        ["kind"] = "HorizontalPodAutoscaler",
        ["metadata"] = SeedObjects.Metadata(ns, app, app),
        ["spec"] = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = app },
            ["minReplicas"] = min,
            ["maxReplicas"] = max,
        },
    };

    public static JsonObject Ingress(string ns, string app, string host, int port) => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "Ingress",
        ["metadata"] = SeedObjects.Metadata(ns, app, app),
        ["spec"] = new JsonObject
        {
            ["ingressClassName"] = "nginx",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["host"] = host,
                ["http"] = new JsonObject
                {
                    ["paths"] = new JsonArray(new JsonObject
                    {
                        ["path"] = "/",
                        ["pathType"] = "Prefix",
                        ["backend"] = new JsonObject { ["service"] = new JsonObject { ["name"] = app, ["port"] = new JsonObject { ["number"] = port } } },
                    }),
                },
            }),
        },
    };
}
