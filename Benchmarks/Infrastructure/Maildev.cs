using System.Net.Http.Json;
using System.Text.Json;

namespace Governance.Benchmarks.Infrastructure;

/// <summary>
/// The development SMTP server's mailbox (maildev, REST on 127.0.0.1:1080). Other engineers' tests
/// read it too: a benchmark looks only at mail to its own recipient and deletes only that, by id.
/// </summary>
internal sealed class Maildev : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri("http://127.0.0.1:1080"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Messages to <paramref name="address"/>, each with the moment maildev finished writing it to
    /// disk, just before it answered 250 (its own <c>time</c> is the message's Date header, in
    /// whole seconds, set by the sender before it connects).
    /// </summary>
    public async Task<IReadOnlyList<ReceivedMail>> ToAsync(string address, CancellationToken ct)
    {
        var messages = await _http.GetFromJsonAsync<List<MaildevMessage>>(new Uri($"/api/email?to.address={Uri.EscapeDataString(address)}", UriKind.Relative), JsonSerializerOptions.Web, ct) ?? [];
        return [.. messages.Select(m => new ReceivedMail(
            m.Id,
            m.Headers.TryGetValue("message-id", out var id) ? id.GetString()!.Trim('<', '>') : "",
            new DateTimeOffset(File.GetLastWriteTimeUtc(m.Source), TimeSpan.Zero)))];
    }

    public async Task DeleteAsync(IEnumerable<ReceivedMail> messages, CancellationToken ct)
    {
        foreach (var message in messages)
        {
            using var response = await _http.DeleteAsync(new Uri($"/api/email/{Uri.EscapeDataString(message.Id)}", UriKind.Relative), ct);
        }
    }

    public void Dispose() => _http.Dispose();

    private sealed record MaildevMessage(string Id, string Source, IReadOnlyDictionary<string, JsonElement> Headers);
}

/// <summary>One message in maildev: its id there, its Message-ID header, when maildev had it on disk.</summary>
internal sealed record ReceivedMail(string Id, string MessageId, DateTimeOffset AcceptedAt);
