namespace McpGate.Core.Crypto;

/// <summary>Names for the keys people hand us by mistake, so the error says what they gave.</summary>
internal static class KeyAlgorithmNames
{
    internal static string DescribeOid(string oid) => oid switch
    {
        "1.2.840.113549.1.1.1" => $"an RSA key (OID {oid})",
        "1.2.840.113549.1.1.10" => $"an RSA-PSS key (OID {oid})",
        "1.2.840.10045.2.1" => $"an EC (ECDSA) key (OID {oid})",
        "1.2.840.10040.4.1" => $"a DSA key (OID {oid})",
        "1.3.101.110" => $"an X25519 key (OID {oid})",
        "1.3.101.111" => $"an X448 key (OID {oid})",
        "1.3.101.113" => $"an Ed448 key (OID {oid})",
        _ => $"a key with algorithm OID {oid}",
    };

    internal static string DescribeLabel(string label) => label switch
    {
        "PUBLIC KEY" => "a public key ('PUBLIC KEY')",
        "PRIVATE KEY" => "a private key ('PRIVATE KEY')",
        "RSA PRIVATE KEY" or "RSA PUBLIC KEY" => $"an RSA key ('{label}'); McpGate keys are Ed25519",
        "EC PRIVATE KEY" or "EC PARAMETERS" => $"an EC key ('{label}'); McpGate keys are Ed25519",
        "DSA PRIVATE KEY" => $"a DSA key ('{label}'); McpGate keys are Ed25519",
        "ENCRYPTED PRIVATE KEY" => "an encrypted private key; decrypt it first (openssl pkey -in FILE -out FILE.dec)",
        "OPENSSH PRIVATE KEY" => "an OpenSSH-format key; use a PKCS#8 Ed25519 key (mcpgate keys generate)",
        "CERTIFICATE" => "a certificate, not a key",
        _ => $"a '{label}' block",
    };
}
