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
        var started = DateTime.UtcNow;
        var deadline = started + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var messages = await ToAsync(address);
            if (messages.Count >= count)
            {
                return messages;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{address} got {messages.Count} of {count} emails in time. {await WhereOwedAsync(address)} {ThreadPoolProbe.Since(started.AddSeconds(-30))} Hangfire's last log lines: {string.Join(" ", LogCapture.HangfireLines(10).Select(l => l.Length > 600 ? l[..600] : l).DefaultIfEmpty("none"))}");
            }

            // maildev is one Node.js process: tests that poll it fast slow down its SMTP side.
            await Task.Delay(500);
        }
    }

    /// <summary>Where the emails owed to <paramref name="address"/> stand: the outbox rows, their Hangfire jobs and the servers alive, in whichever test database holds them.</summary>
    private static async Task<string> WhereOwedAsync(string address)
    {
        var found = new System.Text.StringBuilder();
        foreach (var database in TestDatabase.Created.DistinctBy(d => d.ConnectionString))
        {
            try
            {
                await using var connection = new Npgsql.NpgsqlConnection(database.OwnerConnectionString);
                await connection.OpenAsync();
                await using var rows = new Npgsql.NpgsqlCommand(
                    """
                    SELECT o.template, o.created_at, o.enqueued_at, o.claimed_until, o.sent_at, o.attempts, o.last_error, o.job_id,
                           j.statename, q.fetchedat, now(),
                           (SELECT count(*) FROM hangfire.server WHERE lastheartbeat > now() - interval '30 seconds'),
                           (SELECT string_agg(s.name || ' ' || to_char(s.createdat, 'HH24:MI:SS.MS') || coalesce(' ' || left(s.reason, 100), ''), ', ' ORDER BY s.id)
                            FROM hangfire.state s WHERE s.jobid = j.id),
                           (SELECT string_agg(l.resource || ' ' || to_char(l.acquired, 'HH24:MI:SS'), ', ') FROM hangfire.lock l),
                           (SELECT string_agg(p.id || ' ' || p.statename || ' ' || to_char(pq.fetchedat, 'HH24:MI:SS'), ', ')
                            FROM hangfire.jobqueue pq JOIN hangfire.job p ON p.id = pq.jobid WHERE pq.fetchedat IS NOT NULL),
                           (SELECT string_agg(r.id || ': ' || (SELECT string_agg(rs.name || ' ' || to_char(rs.createdat, 'HH24:MI:SS.MS'), ', ' ORDER BY rs.id)
                                                               FROM hangfire.state rs WHERE rs.jobid = r.id), '; ' ORDER BY r.id)
                            FROM hangfire.job r
                            WHERE EXISTS (SELECT FROM hangfire.state rs WHERE rs.jobid = r.id AND rs.createdat > now() - interval '90 seconds'))
                    FROM wf.outbox o
                    LEFT JOIN hangfire.job j ON j.id::text = o.job_id
                    LEFT JOIN hangfire.jobqueue q ON q.jobid::text = o.job_id
                    WHERE o.recipient_email = @address
                    """,
                    connection);
                rows.Parameters.AddWithValue("address", address);
                await using var reader = await rows.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var values = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "-" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
                    found.Append(System.Globalization.CultureInfo.InvariantCulture, $"[{connection.Database}: {string.Join(" | ", values)}] ");
                }
            }
            catch (Npgsql.NpgsqlException ex)
            {
                found.Append(System.Globalization.CultureInfo.InvariantCulture, $"[{ex.Message}] ");
            }
        }

        return found.Length == 0
            ? "No outbox row in any test database."
            : "Outbox (template | created | enqueued | claimed until | sent | attempts | error | job | job state | fetched | now | live Hangfire servers | the job's states | Hangfire's locks | jobs fetched, any | every job's states of the last 90 s): " + found;
    }
}
