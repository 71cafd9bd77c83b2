using McpGate.Core.Crypto;

namespace McpGate.Core.Tests.Crypto;

public sealed class Sha256DigestTests
{
    private const string EmptyHex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Theory]
    [InlineData("sha256:" + EmptyHex)]
    [InlineData(EmptyHex)]
    [InlineData("SHA256:" + EmptyHex)]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("E3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void TryParse_AnyCaseWithOrWithoutPrefix_IsTheLowerCaseDigest(string text)
    {
        Sha256Digest.TryParse(text, out var digest).Should().BeTrue();

        digest.Should().Be(Sha256Digest.Compute([]));
        digest.Hex.Should().Be(EmptyHex);
        digest.ToString().Should().Be("sha256:" + EmptyHex);
    }

    [Fact]
    public void FromBytes_TakesExactly32Bytes()
    {
        Sha256Digest.FromBytes(Convert.FromHexString(EmptyHex)).Should().Be(Sha256Digest.Compute([]));

        foreach (var length in new[] { 0, 31, 33, 64 })
        {
            var make = () => Sha256Digest.FromBytes(new byte[length]);
            make.Should().Throw<FormatException>().WithMessage($"A SHA-256 digest is 32 bytes; got {length}.");
        }
    }

    [Fact]
    public void Parse_OfSomethingElse_SaysWhatItExpected()
    {
        var parse = () => Sha256Digest.Parse("sha256:abc");

        parse.Should().Throw<FormatException>().WithMessage("'sha256:abc' is not a SHA-256 digest: expected 'sha256:' followed by 64 hex characters.");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256:")]
    [InlineData("sha256:" + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [InlineData("sha256:" + EmptyHex + "0")]
    [InlineData("sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("sha256: " + "3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("sha512:" + EmptyHex)]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\u0665")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\uff41")]
    public void TryParse_AnythingElse_IsRefused(string? text)
    {
        Sha256Digest.TryParse(text, out var digest).Should().BeFalse();
        digest.Should().Be(default(Sha256Digest));
        var parse = () => Sha256Digest.Parse(text!);
        parse.Should().Throw<Exception>();
    }
}
