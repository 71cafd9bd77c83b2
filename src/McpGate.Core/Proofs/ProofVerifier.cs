using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGate.Core.Crypto;
using McpGate.Core.Dsse;

namespace McpGate.Core.Proofs;

/// <summary>
/// Checks a proof envelope: DSSE form, the gate's signature over the PAE (before the payload is
/// parsed), then the statement's shape. Expiry is reported, not judged: the caller decides
/// whether an expired proof matters (it does before execution, not for an audit).
/// </summary>
public static class ProofVerifier
{
    public static ProofVerification Verify(string envelopeJson, Ed25519PublicKey? gateKey, bool requireSignature)
    {
        ArgumentNullException.ThrowIfNull(envelopeJson);
        DsseEnvelope envelope;
        try
        {
            envelope = DsseEnvelope.Parse(envelopeJson);
        }
        catch (DsseFormatException ex)
        {
            return ProofVerification.Fail($"not a DSSE envelope: {ex.Message}");
        }

        return Verify(envelope, gateKey, requireSignature);
    }

    public static ProofVerification Verify(DsseEnvelope envelope, Ed25519PublicKey? gateKey, bool requireSignature)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.PayloadType != ProofFormat.PayloadType)
        {
            return ProofVerification.Fail($"payloadType is '{envelope.PayloadType}', expected '{ProofFormat.PayloadType}'");
        }

        var signatureVerified = false;
        if (gateKey is not null)
        {
            var result = DsseVerifier.Verify(envelope, [gateKey], threshold: 1);
            if (!result.Succeeded)
            {
                return ProofVerification.Fail($"signature: {result.Failure}");
            }

            signatureVerified = true;
        }
        else if (requireSignature)
        {
            return ProofVerification.Fail("a signature is required but no gate public key was given");
        }

        JsonObject statement;
        try
        {
            statement = JsonNode.Parse(envelope.Payload) as JsonObject
                ?? throw new JsonException("the payload is not a JSON object");
        }
        catch (JsonException ex)
        {
            return ProofVerification.Fail($"payload: {ex.Message}");
        }

        string? changeId;
        DateTimeOffset? expiresAt = null;
        try
        {
            if (Text(statement["_type"]) != ProofFormat.StatementType)
            {
                return ProofVerification.Fail($"payload: _type must be '{ProofFormat.StatementType}'");
            }

            if (Text(statement["predicateType"]) != ProofFormat.ProofPredicateType)
            {
                return ProofVerification.Fail($"payload: predicateType must be '{ProofFormat.ProofPredicateType}'");
            }

            if (statement["subject"] is not JsonArray { Count: > 0 } subjects
                || Text(subjects[0]?["digest"]?["sha256"]) is null)
            {
                return ProofVerification.Fail("payload: subject must name the target with a sha256 digest");
            }

            var predicate = statement["predicate"] as JsonObject;
            changeId = Text(predicate?["changeRequest"]?["id"]);
            if (changeId is null)
            {
                return ProofVerification.Fail("payload: predicate.changeRequest.id is missing");
            }

            if (Text(predicate?["expiresAt"]) is { } text
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            {
                expiresAt = parsed;
            }
        }
        catch (InvalidOperationException ex)
        {
            // A field of the wrong JSON type (an object where a string belongs...).
            return ProofVerification.Fail($"payload: {ex.Message}");
        }

        return new ProofVerification
        {
            Succeeded = true,
            SignatureVerified = signatureVerified,
            Digest = Sha256Digest.Compute(envelope.Payload),
            Statement = statement,
            ChangeId = changeId,
            ExpiresAt = expiresAt,
        };
    }

    /// <summary>The string value of a node, null when absent; throws InvalidOperationException for other JSON types.</summary>
    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new InvalidOperationException($"'{node.GetPath()}' must be a string"),
    };
}
