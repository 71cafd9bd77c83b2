namespace McpGate.Sandbox.Api;

/// <summary>Aborts a request with a v1.Status response.</summary>
internal sealed class ApiException : Exception
{
    public ApiException()
        : this(ApiErrors.InternalError("unknown error"))
    {
    }

    public ApiException(string message)
        : this(ApiErrors.InternalError(message))
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = ApiErrors.InternalError(message);
    }

    public ApiException(ApiStatus status)
        : base(status?.Message)
    {
        ArgumentNullException.ThrowIfNull(status);
        Status = status;
    }

    public ApiStatus Status { get; }
}
