namespace McpGate.Core.Dsse;

/// <summary>Decodes DSSE base64 fields: standard or URL-safe alphabet, padded or not, nothing else.</summary>
internal static class DsseBase64
{
    internal static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        var unpadded = text.AsSpan().TrimEnd('=');
        if (text.Length - unpadded.Length > 2 || unpadded.Length % 4 == 1)
        {
            return false;
        }

        var standard = new char[unpadded.Length + ((4 - (unpadded.Length % 4)) % 4)];
        for (var i = 0; i < unpadded.Length; i++)
        {
            var c = unpadded[i];
            standard[i] = c switch
            {
                '-' => '+',
                '_' => '/',
                (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' => c,
                _ => '\0',
            };
            if (standard[i] == '\0')
            {
                return false;
            }
        }

        standard.AsSpan(unpadded.Length).Fill('=');
        var buffer = new byte[standard.Length / 4 * 3];
        if (!Convert.TryFromBase64Chars(standard, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
