using McpGate.Core.Changes;

namespace McpGate.Core.Proofs;

/// <summary><c>predicate.verify</c>: what the engine checks after executing, and within how many seconds.</summary>
internal sealed record PredicateVerify
{
    public required string Expect { get; init; }

    public required double TimeoutSeconds { get; init; }

    public static PredicateVerify? Of(VerifyRecord? verify) => verify is null ? null : new()
    {
        Expect = verify.Expect,
        TimeoutSeconds = verify.TimeoutSeconds,
    };
}
