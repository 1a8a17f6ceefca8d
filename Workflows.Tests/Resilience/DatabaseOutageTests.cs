using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Governance.Workflows.Tests.Resilience;

/// <summary>A database of its own, taken away for a minute and a half: no other test's Host is on it.</summary>
public sealed class OutageDatabase() : TestDatabase("outage");

/// <summary>
/// The Host's database goes away for 90 s (connections refused, every session ended) while
/// requests come and timers fall due: the Host process lives on, answers 503 with Retry-After in
/// Chinese, says on /health that PostgreSQL is down, and when the database is back it fires what
/// fell due, keeps what it had acknowledged and serves again, without a restart.
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class DatabaseOutageTests(OutageDatabase database) : IClassFixture<OutageDatabase>, IAsyncDisposable
{
    private const int Registrations = 12;

    /// <summary>Instances whose expiry falls due during the outage (the first is served before it).</summary>
    private const int DueDuringOutage = 6;

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(90);

    /// <summary>How far into the outage the timers fall due.</summary>
    private static readonly TimeSpan DueInto = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(60);

    private HostProcess? _host;

    [Fact(Timeout = 300_000)]
    public async Task Host_survives_a_90_s_database_outage_answering_503_and_catches_up_without_restart()
    {
        // Registered in this process with the clock at Friday 10:00: their expiry, 19:00 that Friday,
        // is past for the real clock, so it is moved: far out for now, into the outage below.
        var hall = await TestHall.CreateAsync(database);
        var harness = new RuntimeHarness(database);
        var ids = new List<Guid>();
        for (var i = 0; i < Registrations; i++)
        {
            ids.Add((await harness.Register.HandleAsync(harness.Registration(hall, $"合同备案 {i:00}"), RuntimeHarness.Staff(hall), TestContext.Current.CancellationToken)).Id);
        }

        await ExecuteAsync(database.ConnectionString, "UPDATE wf.timers SET due_at = now() + interval '1 day', next_at = now() + interval '1 day' WHERE instance_id = ANY($1)", ids.ToArray());
        var lead = await TestAccounts.CreateAsync(database, Roles.HallLead, $"hall/{hall.Hall.Id}");

        _host = await HostProcess.StartAsync("outage-host", new Dictionary<string, string>
        {
            ["ConnectionStrings__Governance"] = database.ConnectionString,
            ["Smtp__Host"] = Mailbox.SmtpHost,
            ["Smtp__Port"] = Mailbox.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Demo__Seed"] = "false",
        }, TimeSpan.FromSeconds(120));
        var host = _host;
        var token = await TestAccounts.TokenAsync(host, lead);
        using var browser = await TestAccounts.CookieAsync(host, lead);

        // Acknowledged before the outage: it must be there, whole, after it.
        var acknowledged = ids[0];
        using (var served = await ServeAsync(host, token, acknowledged))
        {
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"Serve before the outage answered {(int)served.StatusCode}.{Environment.NewLine}{host.LogTail()}");
        }

        var dueDuring = ids.Skip(1).Take(DueDuringOutage - 1).ToList();
        var servedAfter = ids.Skip(DueDuringOutage).ToList();

        // The outage: no new connection to this database, and every session of it ended.
        var outageStarted = DateTimeOffset.UtcNow;
        await ExecuteAsync(
            database.ConnectionString,
            "UPDATE wf.timers SET due_at = $2, next_at = $2 WHERE instance_id = ANY($1)",
            dueDuring.ToArray(),
            outageStarted + DueInto);
        await SetConnectionsAllowedAsync(false);
        var during = await WhileDownAsync(host, token, browser, servedAfter[0], outageStarted + Outage);
        await SetConnectionsAllowedAsync(true);
        var outageEnded = DateTimeOffset.UtcNow;

        Assert.False(host.HasExited, $"The Host process ended during the outage.{Environment.NewLine}{host.LogTail()}");
        Assert.True(during.Unexpected.Count == 0, $"During the outage, answers other than 503 with Retry-After: {string.Join("; ", during.Unexpected.Take(5))}.{Environment.NewLine}{host.LogTail()}");
        Assert.True(during.ServiceUnavailable >= 10, $"Only {during.ServiceUnavailable} requests answered 503 during the outage.");
        Assert.True(during.HealthSaidDatabaseDown > 0 && during.HealthUnanswered == 0, $"/health said PostgreSQL was down {during.HealthSaidDatabaseDown} times, did not answer within 5 s {during.HealthUnanswered} times; last: {during.LastHealth}.");

        // Back: every part healthy again, the timers that fell due meanwhile fired, without a restart.
        var caughtUp = await WaitUntilCaughtUpAsync(host, dueDuring);
        Assert.False(host.HasExited, $"The Host process ended after the outage.{Environment.NewLine}{host.LogTail()}");

        // New requests succeed at once, and what was acknowledged before is intact.
        foreach (var id in servedAfter)
        {
            using var served = await ServeAsync(host, token, id);
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"Serve of {id} after the outage answered {(int)served.StatusCode}: {await served.Content.ReadAsStringAsync()}.{Environment.NewLine}{host.LogTail()}");
        }

        await using var db = database.CreateContext();
        var instances = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id);
        var ledger = (await db.Ledger.AsNoTracking().Where(l => ids.Contains(l.InstanceId)).ToListAsync()).ToLookup(l => l.InstanceId);
        var timers = (await db.Timers.AsNoTracking().Where(t => ids.Contains(t.InstanceId)).ToListAsync()).ToLookup(t => t.InstanceId);
        var overdueEmails = await db.Outbox.AsNoTracking().CountAsync(o => o.InstanceId != null && dueDuring.Contains(o.InstanceId.Value) && o.Template == "extended-hours.overdue");

        Assert.Equal(ExtendedHoursWorkflow.Served, instances[acknowledged].State);
        Assert.Equal(
            new[] { ExtendedHoursWorkflow.Served },
            ledger[acknowledged].Where(l => l.Kind == LedgerKind.Transition).Select(l => l.ToState));
        Assert.All(dueDuring, id =>
        {
            Assert.Equal(ExtendedHoursWorkflow.Overdue, instances[id].State);
            var expiry = Assert.Single(timers[id]);
            Assert.Equal("fired", expiry.Outcome);
            Assert.True(expiry.FiredAt >= outageStarted + DueInto, $"Timer of {id} fired at {expiry.FiredAt:O}, before it was due.");
        });
        Assert.Equal(dueDuring.Count, overdueEmails);
        Assert.All(servedAfter, id => Assert.Equal(ExtendedHoursWorkflow.Served, instances[id].State));

        // Each loop logged the outage once when it began and once when it ended, not once per try.
        var log = await File.ReadAllLinesAsync(host.LogPath);
        Assert.Equal(1, log.Count(l => l.Contains("The timer pump cannot reach the database", StringComparison.Ordinal)));
        Assert.Equal(1, log.Count(l => l.Contains("The timer pump reaches the database again", StringComparison.Ordinal)));

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Outage {outageStarted:HH:mm:ss}–{outageEnded:HH:mm:ss}: {during.ServiceUnavailable} × 503, /health said PostgreSQL down {during.HealthSaidDatabaseDown} times (slowest {during.SlowestHealth.TotalMilliseconds:0} ms); caught up {caughtUp.TotalSeconds:0.0} s after. Host log: {host.LogPath}"));
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever happened above, the database is given back (a failed test must not leave it locked).
        await SetConnectionsAllowedAsync(true);
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static async Task<HttpResponseMessage> ServeAsync(HostProcess host, string token, Guid id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/extended-hours/{id}/serve")
        {
            Content = JsonContent.Create(new { note = "已办结", expectedVersion = 0 }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Http.SendAsync(request);
    }

    /// <summary>
    /// Until <paramref name="until"/>: a serve (API), a sign-in (Identity), the lead's page in a
    /// signed-in browser (its cookie is checked against the store, which is away) and /health,
    /// over and over, each answer checked.
    /// </summary>
    private static async Task<During> WhileDownAsync(HostProcess host, string token, HttpClient browser, Guid serveTarget, DateTimeOffset until)
    {
        var during = new During();
        using var probe = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (DateTimeOffset.UtcNow < until)
        {
            if (host.HasExited)
            {
                during.Unexpected.Add("the Host process exited");
                return during;
            }

            using (var served = await ServeAsync(host, token, serveTarget))
            {
                await during.CheckUnavailableAsync("serve", served);
            }

            using (var login = await host.Http.PostAsJsonAsync("/auth/login", new { email = "nobody@test.gov.cn", password = TestAccounts.Password }))
            {
                await during.CheckUnavailableAsync("login", login);
            }

            using (var page = await browser.GetAsync(new Uri("/lead", UriKind.Relative)))
            {
                await during.CheckUnavailableAsync("lead page", page);
            }

            var started = Stopwatch.StartNew();
            try
            {
                using var health = await probe.GetAsync(new Uri("/health", UriKind.Relative));
                during.LastHealth = await health.Content.ReadAsStringAsync();
                during.SlowestHealth = started.Elapsed > during.SlowestHealth ? started.Elapsed : during.SlowestHealth;
                using var json = JsonDocument.Parse(during.LastHealth);
                if (json.RootElement.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString() == "Unhealthy")
                {
                    during.HealthSaidDatabaseDown++;
                }
            }
            catch (TaskCanceledException)
            {
                during.HealthUnanswered++;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return during;
    }

    /// <summary>Waits until /health is all healthy again and every timer that fell due during the outage has fired; returns how long that took.</summary>
    private async Task<TimeSpan> WaitUntilCaughtUpAsync(HostProcess host, List<Guid> dueDuring)
    {
        var started = Stopwatch.StartNew();
        var last = "";
        while (started.Elapsed < CatchUpTimeout)
        {
            Assert.False(host.HasExited, $"The Host process ended after the outage.{Environment.NewLine}{host.LogTail()}");
            try
            {
                using var health = await host.Http.GetAsync(new Uri("/health", UriKind.Relative));
                last = await health.Content.ReadAsStringAsync();
                await using var db = database.CreateContext();
                var pending = await db.Timers.CountAsync(t => dueDuring.Contains(t.InstanceId) && t.FiredAt == null);
                if (pending == 0 && AllCoreChecksHealthy(last))
                {
                    return started.Elapsed;
                }

                last += $"; {pending} timers due during the outage not fired yet";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Assert.Fail($"Not caught up {CatchUpTimeout.TotalSeconds:0} s after the outage: {last}.{Environment.NewLine}{host.LogTail()}");
        return started.Elapsed;
    }

    private static bool AllCoreChecksHealthy(string body)
    {
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks");
        return new[] { "postgresql", "quartz", "hangfire" }.All(c => checks.GetProperty(c).GetProperty("status").GetString() == "Healthy");
    }

    /// <summary>
    /// From the <c>postgres</c> database, as the owner (ALTER DATABASE is the owner's; it is a member of
    /// the application role, so it may end that role's sessions): this test database takes no new connection (or takes them
    /// again), and when closed, every session on it is ended, the Host's and this process's pools alike.
    /// </summary>
    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.OwnerConnectionString);
        var name = builder.Database!;
        builder.Database = "postgres";
        builder.Pooling = false;
        await ExecuteAsync(builder.ConnectionString, $"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}");
        if (!allowed)
        {
            await ExecuteAsync(builder.ConnectionString, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name);
        }
        else
        {
            // This process's pooled connections to the database died with the outage.
            NpgsqlConnection.ClearAllPools();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What the Host answered while the database was away.</summary>
    private sealed class During
    {
        public int ServiceUnavailable { get; private set; }

        public List<string> Unexpected { get; } = [];

        public int HealthSaidDatabaseDown { get; set; }

        public int HealthUnanswered { get; set; }

        public TimeSpan SlowestHealth { get; set; }

        public string LastHealth { get; set; } = "";

        /// <summary>503, Retry-After, a problem in Chinese: anything else is noted.</summary>
        public async Task CheckUnavailableAsync(string what, HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null && body.Contains("服务暂时不可用", StringComparison.Ordinal))
            {
                ServiceUnavailable++;
                return;
            }

            Unexpected.Add($"{what}: {(int)response.StatusCode} Retry-After {response.Headers.RetryAfter?.ToString() ?? "none"} {body}");
        }
    }
}
