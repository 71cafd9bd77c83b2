using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace McpGate.Kubernetes.Tests.Support;

/// <summary>
/// A tiny HTTP/1.1 server on a real loopback socket for fault injection: answers each request
/// with the next scripted response (the last one repeats) and records what it received.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<ScriptedResponse> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly X509Certificate2? _serverCertificate;
    private readonly X509Certificate2Collection? _presentedIntermediates;
    private ScriptedResponse _last;

    public ScriptedHttpServer(params ScriptedResponse[] script)
        : this(null, script)
    {
    }

    /// <summary>With a certificate the server speaks HTTPS and asks for (but does not require) a client certificate.</summary>
    public ScriptedHttpServer(X509Certificate2? serverCertificate, params ScriptedResponse[] script)
        : this(serverCertificate, null, script)
    {
    }

    /// <summary>As above, sending <paramref name="presentedIntermediates"/> after its certificate in the handshake, as a server under an intermediate CA does.</summary>
    public ScriptedHttpServer(X509Certificate2? serverCertificate, X509Certificate2Collection? presentedIntermediates, params ScriptedResponse[] script)
    {
        _serverCertificate = serverCertificate;
        _presentedIntermediates = presentedIntermediates;
        _script = new ConcurrentQueue<ScriptedResponse>(script);
        _last = script[^1];
        _listener.Start();
        var scheme = serverCertificate is null ? "http" : "https";
        BaseAddress = new Uri($"{scheme}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>Subjects of the client certificates presented, one per TLS connection that showed one.</summary>
    public ConcurrentQueue<string> ClientCertificateSubjects { get; } = new();

    public ConcurrentQueue<string> RequestLines { get; } = new();

    public ConcurrentQueue<string> RequestHeaders { get; } = new();

    public ConcurrentQueue<string> RequestBodies { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            Stream stream = client.GetStream();
            if (_serverCertificate is not null)
            {
                // The test server only records which client certificate was shown; the tests assert on it.
#pragma warning disable CA5359
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, static (_, _, _, _) => true);
#pragma warning restore CA5359
                try
                {
                    await tls.AuthenticateAsServerAsync(
                        new SslServerAuthenticationOptions
                        {
                            ServerCertificateContext = SslStreamCertificateContext.Create(_serverCertificate, _presentedIntermediates, offline: true),
                            ClientCertificateRequired = true,
                        },
                        _stop.Token);
                }
                catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
                {
                    await tls.DisposeAsync();
                    return;
                }

                if (tls.RemoteCertificate is { } remote)
                {
                    ClientCertificateSubjects.Enqueue(remote.Subject);
                }

                stream = tls;
            }

            var head = await ReadHeadAsync(stream);
            var lines = head.Split("\r\n");
            RequestLines.Enqueue(lines[0]);
            RequestHeaders.Enqueue(head);
            var length = lines.Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
            var remaining = length;
            var buffer = new byte[4096];
            using var received = new MemoryStream();
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)), _stop.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
                remaining -= read;
            }

            RequestBodies.Enqueue(Encoding.UTF8.GetString(received.ToArray()));

            var response = _script.TryDequeue(out var next) ? _last = next : _last;
            if (response.Hang)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            if (response.HangAfterHeaders)
            {
                var chunk = Encoding.UTF8.GetBytes(response.Body);
                var responseHead = $"HTTP/1.1 {response.StatusCode} X\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(responseHead));
                if (chunk.Length > 0)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
                    await stream.WriteAsync(chunk);
                    await stream.WriteAsync("\r\n"u8.ToArray());
                }

                await stream.FlushAsync();
                await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            var body = Encoding.UTF8.GetBytes(response.Body);
            var text = new StringBuilder()
                .Append("HTTP/1.1 ").Append(response.StatusCode).Append(" X\r\n")
                .Append("Content-Type: application/json\r\n")
                .Append("Content-Length: ").Append(body.Length).Append("\r\n")
                .Append("Connection: close\r\n");
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                text.Append(name).Append(": ").Append(value).Append("\r\n");
            }

            text.Append("\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
            await stream.WriteAsync(body);
            await stream.FlushAsync();
        }
    }

    private async Task<string> ReadHeadAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (!(bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                break;
            }

            bytes.Add(one[0]);
        }

        return Encoding.ASCII.GetString(bytes.ToArray());
    }
}
