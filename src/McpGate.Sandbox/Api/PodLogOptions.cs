using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace McpGate.Sandbox.Api;

/// <summary>
/// The query of GET pods/NAME/log (core/v1 PodLogOptions), validated as the API server does:
/// malformed numbers are 400, out-of-range values and both since forms at once are 422 naming the field.
/// </summary>
internal sealed record PodLogOptions
{
    public string? Container { get; init; }

    public bool Previous { get; init; }

    public bool Timestamps { get; init; }

    public long? TailLines { get; init; }

    public long? LimitBytes { get; init; }

    /// <summary>Lines older than this are left out (from sinceSeconds or sinceTime).</summary>
    public DateTimeOffset? Since { get; init; }

    public static PodLogOptions Parse(IQueryCollection query, string podName, DateTimeOffset now)
    {
        var sinceSeconds = Integer(query, "sinceSeconds");
        var sinceTime = Time(query, "sinceTime");
        var tailLines = Integer(query, "tailLines");
        var limitBytes = Integer(query, "limitBytes");
        var causes = new List<StatusCause>();
        if (sinceSeconds is not null && sinceTime is not null)
        {
            causes.Add(new StatusCause("FieldValueForbidden", "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified", "sinceSeconds"));
        }

        if (sinceSeconds is < 1)
        {
            causes.Add(StatusCause.Invalid("sinceSeconds", sinceSeconds.Value.ToString(CultureInfo.InvariantCulture), "must be greater than 0"));
        }

        if (tailLines is < 0)
        {
            causes.Add(StatusCause.Invalid("tailLines", tailLines.Value.ToString(CultureInfo.InvariantCulture), "must be greater than or equal to 0"));
        }

        if (limitBytes is < 1)
        {
            causes.Add(StatusCause.Invalid("limitBytes", limitBytes.Value.ToString(CultureInfo.InvariantCulture), "must be greater than 0"));
        }

        if (causes.Count > 0)
        {
            throw new ApiException(ApiErrors.Invalid("PodLogOptions", string.Empty, "PodLogOptions", podName, causes));
        }

        var container = query["container"].ToString();
        return new PodLogOptions
        {
            Container = container.Length == 0 ? null : container,
            Previous = Flag(query, "previous"),
            Timestamps = Flag(query, "timestamps"),
            TailLines = tailLines,
            LimitBytes = limitBytes,
            Since = sinceTime ?? (sinceSeconds is { } seconds ? now - TimeSpan.FromSeconds(Math.Min(seconds, 1L << 32)) : null),
        };
    }

    private static bool Flag(IQueryCollection query, string name) => query[name].ToString() is "true" or "1";

    private static long? Integer(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ApiException(ApiErrors.BadRequest($"strconv.ParseInt: parsing \"{text}\": invalid syntax"));
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new ApiException(ApiErrors.BadRequest($"parsing time \"{text}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{text}\" as RFC 3339"));
    }
}
