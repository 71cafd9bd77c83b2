using System.Text.Json.Nodes;
using McpGate.Core.Reads;
using McpGate.Core.Reads.Schemas;

namespace McpGate.Core.Tests.Reads.Schemas;

/// <summary>The explain walker on a hand-written OpenAPI v3 document shaped as kube-apiserver publishes it.</summary>
public sealed class OpenApiSchemaWalkerTests
{
    private static readonly JsonObject s_document = JsonNode.Parse("""
        {
          "openapi": "3.0.0",
          "components": { "schemas": {
            "io.k8s.api.apps.v1.Deployment": {
              "description": "Deployment enables declarative updates for Pods and ReplicaSets.",
              "type": "object",
              "properties": {
                "apiVersion": { "type": "string", "description": "APIVersion defines the versioned schema." },
                "metadata": { "allOf": [ { "$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } ], "default": {}, "description": "Standard object's metadata." },
                "spec": { "allOf": [ { "$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec" } ], "default": {}, "description": "Specification of the desired behavior of the Deployment." }
              },
              "x-kubernetes-group-version-kind": [ { "group": "apps", "kind": "Deployment", "version": "v1" } ]
            },
            "io.k8s.api.apps.v1.DeploymentSpec": {
              "description": "DeploymentSpec is the specification of the desired behavior of the Deployment.",
              "type": "object",
              "required": [ "selector", "template" ],
              "properties": {
                "replicas": { "type": "integer", "format": "int32", "description": "Number of desired pods. This is a pointer." },
                "selector": { "$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
                "template": { "allOf": [ { "$ref": "#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec" } ], "description": "Template describes the pods that will be created." }
              }
            },
            "io.k8s.api.core.v1.PodTemplateSpec": {
              "type": "object",
              "properties": { "spec": { "allOf": [ { "$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec" } ] } }
            },
            "io.k8s.api.core.v1.PodSpec": {
              "description": "PodSpec is a description of a pod.",
              "type": "object",
              "required": [ "containers" ],
              "properties": {
                "containers": { "type": "array", "items": { "allOf": [ { "$ref": "#/components/schemas/io.k8s.api.core.v1.Container" } ], "default": {} }, "description": "List of containers belonging to the pod." },
                "nodeSelector": { "type": "object", "additionalProperties": { "type": "string", "default": "" }, "description": "NodeSelector is a selector." },
                "overhead": { "type": "object", "additionalProperties": { "$ref": "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity" } }
              }
            },
            "io.k8s.api.core.v1.Container": {
              "description": "A single application container that you want to run within a pod.",
              "type": "object",
              "required": [ "name" ],
              "properties": {
                "name": { "type": "string", "description": "Name of the container specified as a DNS_LABEL." },
                "image": { "type": "string", "description": "Container image name." },
                "ports": { "type": "array", "items": { "$ref": "#/components/schemas/io.k8s.api.core.v1.ContainerPort" } }
              }
            },
            "io.k8s.api.core.v1.ContainerPort": {
              "type": "object",
              "properties": { "containerPort": { "type": "integer", "description": "Number of port to expose." } }
            },
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
              "description": "ObjectMeta is metadata that all persisted resources must have.",
              "type": "object",
              "properties": {
                "labels": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Map of string keys and values." },
                "creationTimestamp": { "$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time" }
              }
            },
            "io.k8s.apimachinery.pkg.apis.meta.v1.Time": { "type": "string", "format": "date-time", "description": "Time is a wrapper around time.Time." },
            "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector": { "description": "A label selector.", "type": "object", "properties": { "matchLabels": { "type": "object", "additionalProperties": { "type": "string" } } } },
            "io.k8s.apimachinery.pkg.api.resource.Quantity": { "description": "Quantity is a fixed-point number.", "oneOf": [ { "type": "string" }, { "type": "number" } ] },
            "io.example.v1.Loop": { "type": "object", "properties": { "self": { "$ref": "#/components/schemas/io.example.v1.Loop" } },
              "x-kubernetes-group-version-kind": [ { "group": "example.io", "kind": "Loop", "version": "v1" } ] },
            "io.example.v1.Spin": { "$ref": "#/components/schemas/io.example.v1.Spin" }
          } }
        }
        """)!.AsObject();

    private static JsonObject Deployment => OpenApiSchemaWalker.FindKind(s_document, "apps", "v1", "Deployment")!;

    public static TheoryData<string, string, string[]> Fields => new()
    {
        { "", "Deployment", ["apiVersion", "metadata", "spec"] },
        { "spec", "DeploymentSpec", ["replicas", "selector", "template"] },
        { "spec.replicas", "integer", [] },
        { "spec.selector", "LabelSelector", ["matchLabels"] },
        { "spec.template.spec.containers", "[]Container", ["image", "name", "ports"] },
        { "spec.template.spec.containers.ports", "[]ContainerPort", ["containerPort"] },
        { "spec.template.spec.nodeSelector", "map[string]string", [] },
        { "spec.template.spec.overhead", "map[string]Quantity", [] },
        { "metadata.creationTimestamp", "string", [] },
        { "metadata.labels", "map[string]string", [] },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Walk_FollowsRefsAllOfListsAndMaps_ToTheFieldAndItsSubFields(string path, string type, string[] fields)
    {
        var field = OpenApiSchemaWalker.Walk(s_document, Deployment, "Deployment", path.Length == 0 ? [] : path.Split('.'));

        field.Type.Should().Be(type);
        field.Path.Should().Be(path);
        field.Fields.Select(f => f.Name).Should().BeEquivalentTo(fields);
    }

    [Fact]
    public void Walk_Field_KeepsItsOwnDescriptionOverItsTypes_AndMarksRequiredSubFields()
    {
        var spec = OpenApiSchemaWalker.Walk(s_document, Deployment, "Deployment", ["spec"]);
        var containers = OpenApiSchemaWalker.Walk(s_document, Deployment, "Deployment", ["spec", "template", "spec", "containers"]);
        var selector = OpenApiSchemaWalker.Walk(s_document, Deployment, "Deployment", ["spec", "selector"]);

        spec.Description.Should().Be("Specification of the desired behavior of the Deployment.");
        selector.Description.Should().Be("A label selector.", "a field without its own description takes its type's");
        spec.Fields.Where(f => f.Required).Select(f => f.Name).Should().BeEquivalentTo("selector", "template");
        containers.Fields.Single(f => f.Name == "name").Should().Be(new SchemaProperty("name", "string", true, "Name of the container specified as a DNS_LABEL."));
        containers.Description.Should().Be("List of containers belonging to the pod.");
    }

    [Theory]
    [InlineData("spec.replicaz", "field \"replicaz\" does not exist in Deployment.spec. Nearest: replicas. Its fields: replicas, selector, template.")]
    [InlineData("sepc", "field \"sepc\" does not exist in Deployment. Nearest: spec.")]
    [InlineData("spec.template.spec.containers.imgae", "does not exist in Deployment.spec.template.spec.containers. Nearest: image.")]
    [InlineData("spec.replicas.value", "field \"value\" does not exist: Deployment.spec.replicas is a integer and has no fields.")]
    [InlineData("metadata.labels.app", "Deployment.metadata.labels is a map[string]string and has no fields.")]
    public void Walk_MissingField_NamesTheNearestFields(string path, string message)
    {
        var walk = () => OpenApiSchemaWalker.Walk(s_document, Deployment, "Deployment", path.Split('.'));

        walk.Should().Throw<ReadException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void Walk_SelfReferencingSchema_EndsAndNamesTheType()
    {
        var loop = OpenApiSchemaWalker.FindKind(s_document, "example.io", "v1", "Loop")!;

        var field = OpenApiSchemaWalker.Walk(s_document, loop, "Loop", ["self", "self", "self"]);

        field.Type.Should().Be("Loop");
        OpenApiSchemaWalker.Resolve(s_document, new JsonObject { ["$ref"] = "#/components/schemas/io.example.v1.Spin" })
            .Should().NotBeNull("a schema that refers to itself stops after a bounded number of hops");
    }

    [Theory]
    [InlineData("apps", "v1", "StatefulSet")]
    [InlineData("", "v1", "Deployment")]
    [InlineData("apps", "v1beta1", "Deployment")]
    public void FindKind_DocumentWithoutTheKind_IsNull(string group, string version, string kind) =>
        OpenApiSchemaWalker.FindKind(s_document, group, version, kind).Should().BeNull();

    [Fact]
    public void FindKind_DocumentWithEmptySchemas_IsNull() =>
        OpenApiSchemaWalker.FindKind(JsonNode.Parse("""{"openapi":"3.0.0","paths":{},"components":{"schemas":{}}}""")!.AsObject(), "apps", "v1", "Deployment")
            .Should().BeNull();
}
