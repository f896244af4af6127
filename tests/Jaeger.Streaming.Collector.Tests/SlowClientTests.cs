using System.Net;
using System.Net.Sockets;
using System.Text;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>Slow-loris protection: a client that sends headers and stalls neither blocks others nor keeps its connection.</summary>
public sealed class SlowClientTests(CollectorFixture fixture) : IClassFixture<CollectorFixture>
{
    [Fact]
    public async Task Client_stalling_mid_headers_does_not_hold_up_others_and_is_disconnected()
    {
        using var stalled = new TcpClient();
        await stalled.ConnectAsync(IPAddress.Loopback, fixture.Collector.Http.BaseAddress!.Port, TestContext.Current.CancellationToken);
        var stream = stalled.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"), TestContext.Current.CancellationToken);

        using var other = await fixture.Collector.PostProtobufAsync(Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(Otlp.NewTraceId()))));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // Kestrel's header timeout (10 s) answers 408 or closes; either way the read ends well before our 30 s.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new byte[1024];
        while (await stream.ReadAsync(buffer, deadline.Token) > 0)
        {
        }
    }
}
