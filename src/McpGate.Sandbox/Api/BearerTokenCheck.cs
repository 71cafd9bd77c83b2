using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Api;

/// <summary>Accepts a request only with "Authorization: Bearer TOKEN", compared in constant time.</summary>
internal sealed class BearerTokenCheck
{
    private readonly byte[] _expected;

    public BearerTokenCheck(string token)
    {
        _expected = Encoding.UTF8.GetBytes(token);
    }

    public bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }
}
