using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>One message as maildev's REST API shows it.</summary>
public sealed record MailMessage(
    string Subject,
    string? Text,
    [property: JsonPropertyName("to")] IReadOnlyList<MailAddress> To,
    IReadOnlyDictionary<string, JsonElement> Headers,
    string? Html = null)
{
    public string MessageId => Headers.TryGetValue("message-id", out var id) ? id.GetString()!.Trim('<', '>') : "";
}

public sealed record MailAddress(string Address, string? Name);

/// <summary>
/// The development SMTP server's mailbox (maildev, started by test.sh). Tests share it, so each
/// looks only at mail to its own recipients.
/// </summary>
public static class Mailbox
{
    private static readonly HttpClient Http = new()
    {
        BaseAddress = new Uri(Environment.GetEnvironmentVariable("Mailbox__ApiUrl") ?? "http://127.0.0.1:1080"),
    };

    public static string SmtpHost => Environment.GetEnvironmentVariable("Smtp__Host") ?? "127.0.0.1";

    public static int SmtpPort => int.Parse(Environment.GetEnvironmentVariable("Smtp__Port") ?? "1025", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<IReadOnlyList<MailMessage>> ToAsync(string address)
    {
        // Filtered by maildev (its REST API matches any field by dot path): with the whole run's mail
        // in its mailbox, sending all of it for every poll slowed its SMTP side until emails timed out.
        var mine = await Http.GetFromJsonAsync<List<MailMessage>>($"/api/email?to.address={Uri.EscapeDataString(address)}", JsonSerializerOptions.Web) ?? [];
        return [.. mine.Where(m => m.To.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>Waits until <paramref name="address"/> has at least <paramref name="count"/> messages (and a moment longer, to catch extras).</summary>
    public static async Task<IReadOnlyList<MailMessage>> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var messages = await ToAsync(address);
            if (messages.Count >= count)
            {
                return messages;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{address} got {messages.Count} of {count} emails in time.");
            }

            // maildev is one Node.js process: tests that poll it fast slow down its SMTP side.
            await Task.Delay(500);
        }
    }
}
