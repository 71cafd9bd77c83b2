using System.Text;

namespace McpGate.Server.Tests.Tools;

/// <summary>secrets_list through MCP: names, types, key names and sizes; never a value.</summary>
public sealed class SecretsListToolTests(ReadGateFixture fixture) : IClassFixture<ReadGateFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("prod")]
    public async Task SecretsList_ShowsKeysAndSizesNeverValues(string? ns)
    {
        var arguments = new Dictionary<string, object?>();
        if (ns is not null)
        {
            arguments["namespace"] = ns;
        }

        var (text, data) = await fixture.ReadAsync("secrets_list", arguments);

        var secret = data.GetProperty("secrets").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "db-credentials");
        secret.GetProperty("type").GetString().Should().Be("Opaque");
        secret.GetProperty("keys").EnumerateArray().Select(k => $"{k.GetProperty("name").GetString()}={k.GetProperty("bytes").GetInt32()}")
            .Should().Equal("password=19", "username=3");
        text.Should().Contain("TYPE").And.Contain("KEYS").And.Contain("password(19B),username(3B)");
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("s3cr3t-sandbox-only"));
        (text + data.GetRawText()).Should().NotContain("s3cr3t-sandbox-only").And.NotContain(encoded).And.NotContain(encoded[..12]);
    }

    [Fact]
    public async Task SecretsList_EmptyNamespace_IsAnEmptyList()
    {
        var (text, data) = await fixture.ReadAsync("secrets_list", new() { ["namespace"] = "demo" });

        data.GetProperty("count").GetInt32().Should().Be(0);
        text.Should().StartWith("0 secrets in namespace demo");
    }

    [Fact]
    public async Task SecretsList_NamespaceThatDoesNotExist_SaysSo()
    {
        var text = await fixture.FailAsync("secrets_list", new() { ["namespace"] = "prdo" });

        text.Should().Contain("namespace prdo does not exist");
    }
}
