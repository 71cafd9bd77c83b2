using System.Net;
using McpGate.Server.Http;

namespace McpGate.Server.Tests.Http;

public sealed class HttpListenAddressTests
{
    public static TheoryData<string, string> Valid => new()
    {
        { "127.0.0.1:0", "127.0.0.1:0" },
        { "127.0.0.1:8080", "127.0.0.1:8080" },
        { "localhost:9000", "127.0.0.1:9000" },
        { "[::1]:443", "[::1]:443" },
        { "0.0.0.0:80", "0.0.0.0:80" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_HostAndPort_GivesTheEndpoint(string text, string expected) =>
        HttpListenAddress.Parse(text).ToString().Should().Be(expected);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData(":8080")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:+80")]
    [InlineData("::1:80")]
    [InlineData("127.1:80")]
    [InlineData("2130706433:80")]
    [InlineData("0x7f.0.0.1:80")]
    [InlineData("example.com:80")]
    [InlineData("http://127.0.0.1:80")]
    public void Parse_Malformed_NamesTheOptionAndTheForm(string text)
    {
        var act = () => HttpListenAddress.Parse(text);

        act.Should().Throw<FormatException>().WithMessage("--http *");
    }

    public static TheoryData<string, string?, string?, bool, string?> Bindings => new()
    {
        { "127.0.0.1:0", null, null, false, null },
        { "[::1]:0", null, null, false, null },
        { "127.0.0.2:0", null, null, false, null },
        { "0.0.0.0:0", null, null, false, "--tls-cert FILE --tls-key FILE" },
        { "10.1.2.3:8443", null, null, false, "--allow-insecure-remote" },
        { "[::]:0", null, null, false, "not a loopback address" },
        { "0.0.0.0:0", "c.pem", "k.pem", false, null },
        { "0.0.0.0:0", null, null, true, null },
        { "127.0.0.1:0", "c.pem", null, false, "--tls-cert and --tls-key go together" },
        { "0.0.0.0:0", null, "k.pem", true, "--tls-cert and --tls-key go together" },
    };

    [Theory]
    [MemberData(nameof(Bindings))]
    public void Refusal_NonLoopbackWithoutTlsOrConsent_NamesTheOptions(string address, string? cert, string? key, bool insecure, string? refusal)
    {
        var options = new GateHttpOptions { Endpoint = HttpListenAddress.Parse(address), TokensPath = "tokens.yaml", TlsCertificatePath = cert, TlsKeyPath = key, AllowInsecureRemote = insecure };

        var result = HttpListenAddress.Refusal(options);

        if (refusal is null)
        {
            result.Should().BeNull();
        }
        else
        {
            result.Should().Contain(refusal);
        }
    }

    [Fact]
    public void McpUrl_UsesTheBoundPortAndScheme() =>
        HttpListenAddress.McpUrl(new IPEndPoint(IPAddress.IPv6Loopback, 4431), tls: true).ToString().Should().Be("https://[::1]:4431/mcp");
}
