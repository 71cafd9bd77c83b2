using System.Text.Json.Nodes;
using McpGate.Sandbox.Objects;
using McpGate.Sandbox.Resources;

namespace McpGate.Sandbox.Seeding;

/// <summary>The demo world: namespaces default and demo, deployments web and api in demo, two Ready nodes.</summary>
internal static class DemoSeed
{
    public const string DemoNamespace = "demo";

    public static void Apply(ObjectService objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        CreateNamespace(objects, "default");
        CreateNamespace(objects, DemoNamespace);
        CreateDeployment(objects, "web", "nginx:1.27", 2, 80);
        CreateDeployment(objects, "api", "ghcr.io/example/api:1.4.2", 3, 8080);
        NodeSeed.Apply(objects);
    }

    private static void CreateNamespace(ObjectService objects, string name) =>
        objects.Create(BuiltInResources.Namespaces, null, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name },
        }, dryRun: false);

    private static void CreateDeployment(ObjectService objects, string app, string image, int replicas, int port) =>
        objects.Create(BuiltInResources.Deployments, DemoNamespace, new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = app,
                ["namespace"] = DemoNamespace,
                ["labels"] = new JsonObject { ["app"] = app },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = app,
                            ["image"] = image,
                            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = port, ["protocol"] = "TCP" }),
                        }),
                    },
                },
            },
        }, dryRun: false);
}
