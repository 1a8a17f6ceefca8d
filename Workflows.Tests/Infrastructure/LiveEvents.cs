using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>
/// A live page's event stream (<c>GET /api/live/events</c>) read as a browser's EventSource reads it:
/// every event as it arrives, with the instant it arrived. Disposing closes the stream.
/// </summary>
public sealed class LiveEvents : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(SseItem<string> Item, long At)> _events = Channel.CreateUnbounded<(SseItem<string>, long)>();
    private readonly Task _reading;

    private LiveEvents(HttpResponseMessage response)
    {
        _response = response;
        _reading = ReadAsync();
    }

    /// <summary>Every event so far, in order (those <see cref="NextAsync"/> took too).</summary>
    public List<SseItem<string>> Seen { get; } = [];

    /// <summary>Opens the stream for <paramref name="topics"/> as <paramref name="client"/> (its sign-in, if any); fails unless it answers 200.</summary>
    public static async Task<LiveEvents> OpenAsync(HttpClient client, string topics)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await SendAsync(client, topics);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // Only then: the body of a stream that opened never ends.
            Assert.Fail($"/api/live/events answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new LiveEvents(response);
    }

    /// <summary>The answer to a request for the stream, headers only (the body may never end).</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, string topics)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"/api/live/events?topics={Uri.EscapeDataString(topics)}"),
            HttpCompletionOption.ResponseHeadersRead,
            TestContext.Current.CancellationToken);
    }

    /// <summary>The next event of <paramref name="type"/> (others are skipped) and when it arrived, or a failure after <paramref name="timeout"/>.</summary>
    public async Task<(SseItem<string> Item, long At)> NextAsync(string type, TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(wait.Token);
                if (next.Item.EventType == type)
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested)
        {
            throw new TimeoutException($"No '{type}' event within {timeout.TotalSeconds:0.#} s; seen: {string.Join(" | ", Seen.Select(e => $"{e.EventType}: {e.Data}"))}");
        }
    }

    /// <summary>The next <c>change</c> event that names <paramref name="topic"/> (a line of its data), with its delay after <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public async Task<TimeSpan> ChangeOfAsync(string topic, long since, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var left = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            var (item, at) = await NextAsync("change", left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            if (item.Data.Split('\n').Contains(topic))
            {
                return Stopwatch.GetElapsedTime(since, at);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
            // The stream was cut here, as a closed tab cuts it.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
        {
            var at = Stopwatch.GetTimestamp();
            lock (Seen)
            {
                Seen.Add(item);
            }

            await _events.Writer.WriteAsync((item, at), _stop.Token);
        }
    }
}
