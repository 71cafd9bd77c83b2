using McpGate.Core.Manifests;

namespace McpGate.Core.Tests.Manifests;

public sealed class ReadActionOptionsTests
{
    private const string Events = """
        name: events_here
        title: Events
        description: Events.
        access: read
        risk: low
        parameters:
          token: { type: string, description: Token }
        operation:
          action: events
          resource: v1/events
          query:
            OPTION: '{token}'
        """;

    [Theory]
    [InlineData("continue", "events does not take it")]
    [InlineData("container", "events does not take it")]
    public void Load_EventsWithAnOptionItDoesNotTake_FailsNamingTheOptionsItTakes(string option, string expected)
    {
        var errors = ManifestYaml.Errors(("tool-manifests/events_here.yaml", Events.Replace("OPTION", option, StringComparison.Ordinal)));

        errors.Should().ContainSingle().Which.Should().Contain($"operation.query.{option}").And.Contain(expected)
            .And.Contain("(it takes: field_selector, limit, involved_kind, involved_name)");
    }

    [Fact]
    public void Load_ShippedPodAndEventReads_MapEveryOptionToAParameter()
    {
        var log = ManifestYaml.Shipped("pods_log").Operation;
        var events = ManifestYaml.Shipped("events_list").Operation;

        log.Action.Should().Be(OperationAction.Logs);
        log.Query.Keys.Should().BeEquivalentTo([ReadOption.Container, ReadOption.Previous, ReadOption.TailLines, ReadOption.SinceSeconds, ReadOption.LimitBytes]);
        events.Action.Should().Be(OperationAction.Events);
        events.Query.Keys.Should().BeEquivalentTo([ReadOption.InvolvedKind, ReadOption.InvolvedName, ReadOption.Limit]);
        ManifestYaml.Shipped("pods_list").FindParameter("namespace")!.Required.Should().BeFalse("no namespace lists every namespace");
    }
}
