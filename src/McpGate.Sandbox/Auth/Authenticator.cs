using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using McpGate.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Auth;

/// <summary>
/// Who is calling: a bearer token (the cluster's own, or one of the additional tokens, compared in
/// constant time) or, on HTTPS, a client certificate signed by the cluster CA (CN = user, O = groups).
/// </summary>
internal sealed class Authenticator
{
    private readonly IReadOnlyList<(byte[] Token, SandboxUser User)> _tokens;
    private readonly SandboxCertificates _certificates;
    private readonly IReadOnlySet<string> _viewUsers;

    public Authenticator(string adminToken, IReadOnlyDictionary<string, string> additionalTokens, IReadOnlySet<string> viewUsers, SandboxCertificates certificates)
    {
        _certificates = certificates;
        _viewUsers = viewUsers;
        var tokens = new List<(byte[], SandboxUser)>
        {
            (Encoding.UTF8.GetBytes(adminToken), new SandboxUser(SandboxUser.AdminName, ["system:masters", "system:authenticated"], SandboxRole.ClusterAdmin)),
        };
        foreach (var (token, user) in additionalTokens)
        {
            tokens.Add((Encoding.UTF8.GetBytes(token), ForName(user, ["system:authenticated"])));
        }

        _tokens = tokens;
    }

    /// <summary>The caller, or null (401) when no valid credential was presented.</summary>
    public SandboxUser? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var presented = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
            SandboxUser? found = null;
            foreach (var (token, user) in _tokens)
            {
                // Compare against every token so timing says nothing about which one matched.
                if (CryptographicOperations.FixedTimeEquals(presented, token))
                {
                    found = user;
                }
            }

            return found;
        }

        if (context.Connection.ClientCertificate is { } certificate && _certificates.IsClientCertificate(certificate))
        {
            var user = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            var groups = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
                .Where(n => n.GetSingleElementType().Value == "2.5.4.10")
                .Select(n => n.GetSingleElementValue() ?? string.Empty)
                .Where(g => g.Length > 0)
                .Append("system:authenticated")
                .ToList();
            return string.IsNullOrEmpty(user) ? null : ForName(user, groups);
        }

        return null;
    }

    private SandboxUser ForName(string name, IReadOnlyList<string> groups) =>
        new(name, groups, _viewUsers.Contains(name) && !groups.Contains("system:masters") ? SandboxRole.View : SandboxRole.ClusterAdmin);
}
