using System.Text.Json.Serialization;

namespace McpGate.Core.Proofs;

/// <summary>
/// The wire form of <see cref="ProofPredicate"/>, source-generated: camelCase members, nulls written
/// (the format has always spelled out <c>null</c>), numbers only as JSON numbers, member names
/// case-sensitive, timestamps in round-trip ("O") text. <c>request</c> is written as
/// <see cref="Operations.OperationsJson"/> writes it.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    PropertyNameCaseInsensitive = false,
    RespectNullableAnnotations = true,
    Converters = [typeof(RoundTripTimestampConverter)])]
[JsonSerializable(typeof(ProofPredicate))]
internal sealed partial class ProofPredicateJsonContext : JsonSerializerContext;
