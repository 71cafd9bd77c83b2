using System.Text;
using McpGate.Core.Dsse;

namespace McpGate.Core.Tests.Dsse;

public sealed class DssePaeTests
{
    [Fact]
    public void Encode_SpecExample_GivesExactBytes()
    {
        var pae = DssePae.Encode("http://example.com/HelloWorld", "hello world"u8);

        Encoding.ASCII.GetString(pae).Should().Be("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    [Fact]
    public void Encode_EmptyPayload_HasZeroLength()
    {
        Encoding.ASCII.GetString(DssePae.Encode("t", [])).Should().Be("DSSEv1 1 t 0 ");
    }

    [Fact]
    public void Encode_NonAsciiType_CountsUtf8Bytes()
    {
        var pae = DssePae.Encode("application/é", [0x00, 0xff]);

        pae.Should().Equal([.. Encoding.UTF8.GetBytes("DSSEv1 14 application/é 2 "), 0x00, 0xff]);
    }
}
