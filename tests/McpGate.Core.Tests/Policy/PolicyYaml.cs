using McpGate.Core.Policy;

namespace McpGate.Core.Tests.Policy;

/// <summary>Policy text for tests, and helpers to load it.</summary>
internal static class PolicyYaml
{
    public const string AliceKey = "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    public const string BobKey = "ed25519:PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=";

    // Line numbers matter: error tests point at them.
    public const string Valid = """
        approvers:
          - { identity: alice, groups: [sre], publicKey: 'ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=' }
          - { identity: bob, groups: [dev], publicKey: 'ed25519:PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=' }
        defaults:
          approvalExpiry: 30m
        freezeWindows:
          - name: weekend
            timeZone: Europe/Paris
            days: [sat, sun]
            start: '00:00'
            end: '24:00'
            namespaces: [prod]
        rules:
          - name: demo-scaling
            tools: [scale_deployment]
            namespaces: [demo]
            effect: allow
            approval: { count: 1, groups: [sre] }
            constraints:
              replicas: { minimum: 0, maximum: 10 }
        """;

    public static PolicySet Load(params (string Path, string Text)[] files) => PolicySetBuilder.Build(files);

    public static IReadOnlyList<string> Errors(params (string Path, string Text)[] files)
    {
        try
        {
            Load(files);
        }
        catch (PolicyValidationException ex)
        {
            return ex.Errors;
        }

        throw new InvalidOperationException("The policy loaded without errors.");
    }
}
