using System.Text.Json.Nodes;
using McpGate.Core.Manifests;
using McpGate.Core.Policy;
using McpGate.Core.Proofs;

namespace McpGate.Core.Approvals;

/// <summary>The policy's decision on a proven change now (freeze windows and tightened rules apply).</summary>
public static class CurrentPolicy
{
    public static PolicyDecision Evaluate(PolicyEvaluator evaluator, ProofClaims claims, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(claims);
        return evaluator.Evaluate(new PolicyRequest
        {
            Tool = claims.Tool,
            Access = ToolAccess.Write,
            Namespace = claims.Target.Namespace,
            Cluster = claims.Cluster,
            Requester = claims.Requester,
            Arguments = ArgumentValues(claims.Arguments),
            Time = now,
        });
    }

    /// <summary>Arguments as the policy sees them: string, long, double or bool.</summary>
    public static Dictionary<string, object?> ArgumentValues(JsonObject arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, node) in arguments)
        {
            values[name] = node switch
            {
                JsonValue v when v.TryGetValue<long>(out var l) => l,
                JsonValue v when v.TryGetValue<double>(out var d) => d,
                JsonValue v when v.TryGetValue<bool>(out var b) => b,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => node?.ToJsonString(),
            };
        }

        return values;
    }
}
