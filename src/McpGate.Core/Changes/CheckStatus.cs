using System.Text.Json.Serialization;
using McpGate.Core.Json;

namespace McpGate.Core.Changes;

/// <summary>A check's verdict; <c>pass</c>, <c>warn</c> or <c>fail</c> on the wire (documents, proofs, tool results).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<CheckStatus>))]
public enum CheckStatus
{
    Pass,

    Warn,

    Fail,
}
