using System.Formats.Asn1;
using System.Security.Cryptography;

namespace McpGate.Core.Crypto;

/// <summary>
/// RFC 8410 DER: SubjectPublicKeyInfo for public keys, PKCS#8 (RFC 5958) for private keys,
/// and the PEM armour around them. Error messages name the problem, never the bytes.
/// </summary>
internal static class Ed25519KeyEncoding
{
    internal const string PublicKeyLabel = "PUBLIC KEY";
    internal const string PrivateKeyLabel = "PRIVATE KEY";
    internal const string Ed25519Oid = "1.3.101.112";

    // SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits) <32 bytes> }
    private static readonly byte[] s_spkiPrefix = Convert.FromHexString("302a300506032b6570032100");

    // SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING <32 bytes> } }
    private static readonly byte[] s_pkcs8Prefix = Convert.FromHexString("302e020100300506032b657004220420");

    internal static string PublicKeyToPem(ReadOnlySpan<byte> publicKey)
    {
        Span<byte> der = stackalloc byte[s_spkiPrefix.Length + 32];
        s_spkiPrefix.CopyTo(der);
        publicKey.CopyTo(der[s_spkiPrefix.Length..]);
        return new string(PemEncoding.Write(PublicKeyLabel, der)) + "\n";
    }

    internal static string PrivateKeyToPem(ReadOnlySpan<byte> seed)
    {
        Span<byte> der = stackalloc byte[s_pkcs8Prefix.Length + 32];
        try
        {
            s_pkcs8Prefix.CopyTo(der);
            seed.CopyTo(der[s_pkcs8Prefix.Length..]);
            // Build the text in one buffer we can clear, so the only copy left is the returned string.
            var chars = new char[PemEncoding.GetEncodedSize(PrivateKeyLabel.Length, der.Length) + 1];
            try
            {
                if (!PemEncoding.TryWrite(PrivateKeyLabel, der, chars, out var written))
                {
                    throw new CryptographicException("PEM encoding of the private key failed");
                }

                chars[written] = '\n';
                return new string(chars, 0, written + 1);
            }
            finally
            {
                Array.Clear(chars);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>The raw 32-byte key inside a "PUBLIC KEY" PEM.</summary>
    internal static byte[] PublicKeyFromPem(string pem)
    {
        var der = ReadPem(pem, PublicKeyLabel);
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var spki = reader.ReadSequence();
            ReadAlgorithm(spki);
            var key = spki.ReadBitString(out var unusedBits);
            if (unusedBits != 0)
            {
                throw new KeyFormatException("malformed public key: the key BIT STRING has unused bits");
            }

            EnsureEnd(spki, "SubjectPublicKeyInfo");
            EnsureEnd(reader, "the PEM block");
            return key;
        }
        catch (AsnContentException ex)
        {
            throw new KeyFormatException($"malformed public key DER: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The 32-byte seed inside a "PRIVATE KEY" PEM, in a pinned array the caller must zero, and the
    /// public key if the PKCS#8 v2 structure carries one.
    /// </summary>
    internal static (byte[] Seed, byte[]? PublicKey) PrivateKeyFromPem(string pem)
    {
        var der = ReadPem(pem, PrivateKeyLabel);
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            if (!info.TryReadInt32(out var version) || version is not (0 or 1))
            {
                throw new KeyFormatException("malformed private key: PKCS#8 version must be 0 or 1");
            }

            ReadAlgorithm(info);
            if (!info.TryReadPrimitiveOctetString(out var wrapped))
            {
                throw new KeyFormatException("malformed private key: privateKey must be a primitive OCTET STRING");
            }

            var inner = new AsnReader(wrapped, AsnEncodingRules.DER);
            if (!inner.TryReadPrimitiveOctetString(out var seed) || seed.Length != 32)
            {
                throw new KeyFormatException("malformed private key: an Ed25519 private key is a 32-byte OCTET STRING");
            }

            EnsureEnd(inner, "the private key OCTET STRING");
            var attributes = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (info.HasData && info.PeekTag().HasSameClassAndValue(attributes))
            {
                info.ReadEncodedValue();
            }

            byte[]? publicKey = null;
            var publicKeyTag = new Asn1Tag(TagClass.ContextSpecific, 1);
            if (info.HasData && info.PeekTag().HasSameClassAndValue(publicKeyTag))
            {
                publicKey = info.ReadBitString(out var unusedBits, publicKeyTag);
                if (unusedBits != 0 || publicKey.Length != 32)
                {
                    throw new KeyFormatException("malformed private key: the embedded public key must be 32 bytes");
                }
            }

            EnsureEnd(info, "PrivateKeyInfo");
            EnsureEnd(reader, "the PEM block");
            var result = GC.AllocateUninitializedArray<byte>(32, pinned: true);
            seed.Span.CopyTo(result);
            return (result, publicKey);
        }
        catch (AsnContentException ex)
        {
            throw new KeyFormatException($"malformed private key DER: {ex.Message}", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    private static byte[] ReadPem(string pem, string expectedLabel)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new KeyFormatException($"no PEM block found: expected '-----BEGIN {expectedLabel}-----'");
        }

        var label = pem[fields.Label];
        if (label != expectedLabel)
        {
            throw new KeyFormatException($"expected a PEM '{expectedLabel}' block; found {KeyAlgorithmNames.DescribeLabel(label)}");
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan(fields.Base64Data), der, out var written) || written != der.Length)
        {
            throw new KeyFormatException($"the '{expectedLabel}' PEM block is not valid base64");
        }

        return der;
    }

    private static void ReadAlgorithm(AsnReader container)
    {
        var algorithm = container.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        if (oid != Ed25519Oid)
        {
            throw new KeyFormatException($"not an Ed25519 key: this is {KeyAlgorithmNames.DescribeOid(oid)}");
        }

        if (algorithm.HasData)
        {
            throw new KeyFormatException("malformed Ed25519 key: the algorithm parameters must be absent (RFC 8410)");
        }
    }

    private static void EnsureEnd(AsnReader reader, string what)
    {
        if (reader.HasData)
        {
            throw new KeyFormatException($"malformed key: unexpected data after {what}");
        }
    }
}
