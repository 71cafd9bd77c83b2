using System.Text.Json.Nodes;
using FluentAssertions;
using McpGate.Core.Reads;
using McpGate.Core.Reads.Views;
using Xunit;

namespace McpGate.Core.Tests.Reads;

public sealed class RedactionTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Secret() => JsonNode.Parse("""
        {"kind":"Secret","apiVersion":"v1","metadata":{"name":"db","namespace":"demo","resourceVersion":"7",
         "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"data\":{\"password\":\"c2VjcmV0\"}}"},
         "managedFields":[{"manager":"kubectl","fieldsV1":{"f:data":{"f:password":{}}}}]},
         "type":"Opaque","data":{"password":"c2VjcmV0","user":"YWRtaW4="},"stringData":{"token":"plain-text-token"}}
        """)!.AsObject();

    [Fact]
    public void Redact_Secret_NoValueNoAnnotationNoManagedFields()
    {
        var secret = Secret();

        var text = Redaction.Redact(secret).ToJsonString();

        text.Should().NotContain("c2VjcmV0").And.NotContain("YWRtaW4=").And.NotContain("plain-text-token").And.NotContain("managedFields");
        text.Should().Contain("password").And.Contain("redacted: 6 bytes").And.Contain("redacted: 5 bytes");
        secret.ToJsonString().Should().Contain("c2VjcmV0", "the input is left untouched");
    }

    [Fact]
    public void SecretView_EveryShape_KeysAndSizesOnly()
    {
        var view = new SecretView();
        var secret = Secret();

        var all = string.Join("\n", view.Row(secret, s_now)) + view.Summary(secret, s_now).ToJsonString() + view.Detail(secret, s_now).ToJsonString();

        all.Should().NotContain("c2VjcmV0").And.NotContain("YWRtaW4=").And.NotContain("plain-text-token").And.NotContain("secret\"");
        all.Should().Contain("password(6B)").And.Contain("user(5B)").And.Contain("token(16B)");
    }

    [Theory]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END RSA PRIVATE KEY-----")]
    [InlineData("-----BEGIN EC PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC")]
    [InlineData("Authorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJlc2lnbmF0dXJl")]
    public void Text_KeysAndTokens_Removed(string secret)
    {
        var redacted = Redaction.Text($"before {secret} after");

        redacted.Should().StartWith("before ").And.NotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC").And.NotContain("c2lnbmF0dXJlc2lnbmF0dXJl");
    }

    [Fact]
    public void Redact_ConfigMapWithKeyAndCredentialEnv_Removed()
    {
        var pod = JsonNode.Parse("""
            {"kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","env":[
              {"name":"DB_PASSWORD","value":"hunter2"},{"name":"LOG_LEVEL","value":"debug"},{"name":"API_KEY","value":"k-123"}]}]},
             "data":{"tls.key":"-----BEGIN PRIVATE KEY-----\nAAAABBBBCCCC\n-----END PRIVATE KEY-----"}}
            """)!.AsObject();

        var text = Redaction.Redact(pod).ToJsonString();

        text.Should().NotContain("hunter2").And.NotContain("k-123").And.NotContain("AAAABBBBCCCC").And.Contain("debug");
    }
}
