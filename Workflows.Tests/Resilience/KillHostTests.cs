using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Notifications;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Governance.Workflows.Tests.Resilience;

/// <summary>A database of its own: the Hosts started here pump every due timer and send every unsent email they find.</summary>
public sealed class KillDatabase() : TestDatabase("kill");

/// <summary>
/// kill -9 of the Host under load, then a restart on the same database: instances, ledger and
/// outbox stay consistent and every owed email goes out once (SMTP's own window aside: a message
/// the server accepted just before the process died, whose "sent" never committed, goes twice,
/// with the same Message-ID: at most one per Hangfire worker, the email it had claimed).
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class KillHostTests(KillDatabase database) : IClassFixture<KillDatabase>, IAsyncDisposable
{
    private const int Registrations = 300;

    /// <summary>Every fifth instance is also served over HTTP while the Host is busy (60 of them).</summary>
    private const int ServeEvery = 5;

    /// <summary>Serving starts once this many emails are out: the Host is busy by then.</summary>
    private const int ServeAfterSent = 60;

    /// <summary>The kill comes once this many emails are out (of 450–600 owed) and <see cref="KillAfterServes"/> serves are answered.</summary>
    private const int KillAfterSent = 120;

    /// <summary>
    /// Serves answered before the kill. Half of them (30, 30 ms apart) was once asked: on a quiet
    /// machine the Host had sent all 600 emails by then, and the kill came after the load.
    /// </summary>
    private const int KillAfterServes = 5;

    /// <summary>Each holds at most one email between claim and sent mark: the bound on duplicates per kill.</summary>
    private const int HangfireWorkers = 10;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MidLoadTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    private readonly List<HostProcess> _hosts = [];

    [Fact(Timeout = 240_000)]
    public async Task Kill_9_under_load_then_restart_leaves_instances_ledger_and_outbox_consistent_and_mails_every_owed_email_once()
    {
        var clock = Stopwatch.StartNew();
        var timings = new List<string>();
        void Mark(string what)
        {
            timings.Add(string.Create(CultureInfo.InvariantCulture, $"{what} at {clock.Elapsed.TotalSeconds:0.0} s"));
            Note(timings[^1]);
        }

        // Load made in this process with the clock at Friday 10:00 (a working day whatever today is):
        // the deadline, 19:00 that Friday, has passed for the real clock, so the Host owes every
        // instance an expiry as soon as it starts, and the lead a "registered" email for each.
        var hall = await TestHall.CreateAsync(database);
        var harness = new RuntimeHarness(database);
        var ids = await RegisterAsync(harness, hall);
        var lead = await TestAccounts.CreateAsync(database, Roles.HallLead, $"hall/{hall.Hall.Id}");
        Mark($"{Registrations} registrations and the lead's account");

        var first = await StartHostAsync("kill-host-1");
        Mark("host 1 healthy");
        var token = await TestAccounts.TokenAsync(first, lead);

        // Staff serve every fifth instance while the Host sends emails and fires expiries (a serve
        // racing an expiry is fine either way: Registered and Overdue can both be served); the kill
        // comes in the middle of both.
        var targets = ids.Where((_, i) => i % ServeEvery == 0).ToList();
        var serves = new ConcurrentDictionary<Guid, HttpStatusCode?>();
        await WaitUntilAsync(first, ServeAfterSent, () => serves.Count, 0, "serving starts");
        var serving = ServeAsync(first, token, targets, serves, pace: TimeSpan.FromMilliseconds(30));
        await WaitUntilAsync(first, KillAfterSent, () => serves.Count, KillAfterServes, "the kill");
        var exitCode = await first.KillHardAsync();
        var atKill = await SnapshotAsync();
        var inFlight = await InFlightAsync();
        var answeredBeforeKill = serves.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!.Value);
        Mark($"host 1 killed (-9) with {atKill.Outbox - atKill.Unsent} of {atKill.Outbox} emails sent and {answeredBeforeKill.Count} of {targets.Count} serves answered");
        await serving;
        Note($"At the kill: {atKill}; {inFlight.Count} unsent emails were claimed by the dead Host's workers.");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(exitCode == HostProcess.SigKillExitCode, $"Host 1 exit code {exitCode}, expected {HostProcess.SigKillExitCode} (SIGKILL).");
        }

        Assert.True(atKill.Unsent > 0 && atKill.Outbox - atKill.Unsent >= KillAfterSent, $"The kill did not come in the middle of the load: {atKill}.");
        Assert.All(answeredBeforeKill, s => Assert.True(s.Value == HttpStatusCode.OK, $"Serve of {s.Key} answered {s.Value} before the kill.{Environment.NewLine}{first.LogTail()}"));

        var second = await StartHostAsync("kill-host-2");
        Mark("host 2 healthy");

        // A serve whose answer the kill swallowed may or may not have committed: ask again. Either it
        // applies now, or the instance is already served (409), and nothing happens twice.
        var unanswered = targets.Where(id => serves.GetValueOrDefault(id) is null).ToList();
        var retries = new ConcurrentDictionary<Guid, HttpStatusCode?>();
        await ServeAsync(second, await TestAccounts.TokenAsync(second, lead), unanswered, retries, pace: TimeSpan.Zero);
        Assert.All(retries, r => Assert.True(
            r.Value is HttpStatusCode.OK or HttpStatusCode.Conflict,
            $"Retried serve of {r.Key} answered {r.Value?.ToString() ?? "nothing"}.{Environment.NewLine}{second.LogTail()}"));

        var drained = await WaitForDrainAsync(second);
        Mark("host 2 sent everything and fired every due timer");

        await using var db = database.CreateContext();
        var instances = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync();
        var ledger = (await db.Ledger.AsNoTracking().Where(l => ids.Contains(l.InstanceId)).ToListAsync()).ToLookup(l => l.InstanceId);
        var workItems = (await db.WorkItems.AsNoTracking().Where(w => ids.Contains(w.InstanceId)).ToListAsync()).ToLookup(w => w.InstanceId);
        var timers = (await db.Timers.AsNoTracking().Where(t => ids.Contains(t.InstanceId)).ToListAsync()).ToLookup(t => t.InstanceId);
        var outbox = await db.Outbox.AsNoTracking().Where(o => o.InstanceId != null && ids.Contains(o.InstanceId.Value)).ToListAsync();
        var outboxByInstance = outbox.ToLookup(o => o.InstanceId!.Value);

        Assert.Equal(Registrations, instances.Count);
        var targetSet = targets.ToHashSet();
        Assert.All(instances, instance =>
        {
            var lines = ledger[instance.Id].OrderBy(l => l.Id).ToList();
            var expired = lines.Count(l => l.Trigger == ExtendedHoursWorkflow.Expire);
            var why = $"instance {instance.Id} ({instance.State} v{instance.Version}): ledger [{string.Join(", ", lines.Select(l => $"{l.Trigger}→{l.ToState} v{l.Version}"))}]";

            // Instance row and ledger agree: one line per move, the last one names the state it is in.
            Assert.True(lines.Count(l => l.Kind == LedgerKind.Started) == 1, why);
            Assert.True(instance.Version == lines.Count(l => l.Kind == LedgerKind.Transition), why);
            Assert.True(instance.State == lines[^1].ToState && instance.Version == lines[^1].Version, why);

            // The deadline has passed: served (by us) or overdue (by the timer), never still registered.
            Assert.True(instance.State == (targetSet.Contains(instance.Id) ? ExtendedHoursWorkflow.Served : ExtendedHoursWorkflow.Overdue), why);
            Assert.True(expired <= 1, why);

            // Work items: one open while the instance is open, for the state it is in; none once closed.
            var open = workItems[instance.Id].Where(w => w.ClosedAt is null).ToList();
            Assert.True(instance.ClosedAt is null ? open.Count == 1 && open[0].State == instance.State : open.Count == 0, $"{why}; open work items {open.Count}");

            // Timers: the one expiry timer fired once (applied iff the ledger shows the expiry) or was cancelled by the serve.
            var expiry = Assert.Single(timers[instance.Id]);
            Assert.True(expiry.FiredAt is not null || expiry.CancelledAt is not null, $"{why}; timer pending");
            Assert.True((expiry.Outcome == "fired") == (expired == 1), $"{why}; timer outcome {expiry.Outcome}");

            // Outbox: the registered email, plus the overdue email exactly when the ledger shows the expiry.
            var owed = outboxByInstance[instance.Id].ToList();
            Assert.True(owed.Count(o => o.Template == "extended-hours.registered") == 1, $"{why}; outbox [{string.Join(", ", owed.Select(o => o.Template))}]");
            Assert.True(owed.Count(o => o.Template == "extended-hours.overdue") == expired, $"{why}; outbox [{string.Join(", ", owed.Select(o => o.Template))}]");
        });
        Assert.All(outbox, o => Assert.Equal(hall.LeadEmail, o.RecipientEmail));
        Assert.All(outbox, o => Assert.NotNull(o.SentAt));
        Assert.Equal(0, await db.Timers.CountAsync(t => t.FiredAt == null && t.CancelledAt == null && t.NextAt <= DateTimeOffset.UtcNow));

        // The mailbox: every outbox row's Message-ID at least once, nothing else, and a duplicate only
        // for an email a worker of the dead Host had claimed (between its claim and its sent mark) at
        // the kill: at most one per worker, the window README.md promises.
        var sender = new EmailSender(Options.Create(new SmtpOptions()), TimeProvider.System);
        var expected = outbox.ToDictionary(o => sender.MessageIdFor(o.Id), o => o.Id);
        var mail = await MailboxAsync(hall.LeadEmail, expected.Keys);
        var received = mail.GroupBy(m => m.MessageId).ToDictionary(g => g.Key, g => g.Count());
        var missing = expected.Keys.Where(id => !received.ContainsKey(id)).ToList();
        var strays = received.Keys.Where(id => !expected.ContainsKey(id)).ToList();
        var twice = received.Where(r => r.Value > 1 && expected.ContainsKey(r.Key)).ToDictionary(r => expected[r.Key], r => r.Value);
        var duplicates = twice.Values.Sum(n => n - 1);
        Mark("mailbox checked");

        Note($"Outbox {outbox.Count} rows ({outbox.Count(o => o.Template == "extended-hours.overdue")} overdue), mailbox {mail.Count} messages, "
            + $"duplicates {duplicates} (unsent emails in flight at the kill: {inFlight.Count}); served {instances.Count(i => i.State == ExtendedHoursWorkflow.Served)} "
            + $"({instances.Count(i => i.State == ExtendedHoursWorkflow.Served && ledger[i.Id].Any(l => l.Trigger == ExtendedHoursWorkflow.Expire))} of them after their expiry fired), "
            + $"retried serves {retries.Count} ({string.Join(", ", retries.Values.GroupBy(v => v?.ToString() ?? "no answer").Select(g => $"{g.Key}: {g.Count()}"))}); after restart {drained}.");
        Note("Timings: " + string.Join("; ", timings) + $". Host logs: {first.LogPath}, {second.LogPath}.");

        Assert.True(missing.Count == 0, $"{missing.Count} owed emails never reached the mailbox, e.g. {string.Join(", ", missing.Take(5))}.");
        Assert.True(strays.Count == 0, $"{strays.Count} emails to {hall.LeadEmail} match no outbox row, e.g. {string.Join(", ", strays.Take(5))}.");
        Assert.True(
            twice.All(t => t.Value == 2 && inFlight.Contains(t.Key)),
            $"Sent more than once, and not (only) SMTP's window at the kill: {string.Join(", ", twice.Select(t => $"{t.Key}×{t.Value}{(inFlight.Contains(t.Key) ? " (in flight)" : "")}"))}.");
        Assert.True(inFlight.Count <= HangfireWorkers, $"{inFlight.Count} emails claimed at the kill by {HangfireWorkers} workers.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    private static void Note(string message)
    {
        TestContext.Current.SendDiagnosticMessage(message);
        TestContext.Current.TestOutputHelper?.WriteLine(message);
    }

    private async Task<List<Guid>> RegisterAsync(RuntimeHarness harness, TestHall hall)
    {
        var ids = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Registrations), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var instance = await harness.Register.HandleAsync(harness.Registration(hall, $"合同备案 {i:000}"), RuntimeHarness.Staff(hall), ct);
            ids.Add(instance.Id);
        });

        await using var db = database.CreateContext();
        Assert.Equal(Registrations, await db.Outbox.CountAsync(o => o.RecipientEmail == hall.LeadEmail && o.SentAt == null));
        return [.. ids.Order()];
    }

    private async Task<HostProcess> StartHostAsync(string name)
    {
        var host = await HostProcess.StartAsync(name, new Dictionary<string, string>
        {
            ["ConnectionStrings__Governance"] = database.ConnectionString,
            ["ConnectionStrings__GovernanceOwner"] = database.OwnerConnectionString,
            ["Smtp__Host"] = Mailbox.SmtpHost,
            ["Smtp__Port"] = Mailbox.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Demo__Seed"] = "false",

            // Small pump batches (each one transaction) and short pump runs: the kill lands between
            // or inside them, and the next Host's Quartz takes the pump over sooner.
            ["Scheduling__TimerPumpPeriod"] = "00:00:02",
            ["Scheduling__TimerBatchSize"] = "20",

            // How soon Hangfire takes back from a dead Host a job it had fetched (its lease lapses)
            // and the job's state lock it held (the lock row counts as a dead holder's).
            ["Hangfire__InvisibilityTimeout"] = "00:00:15",
            ["Hangfire__DistributedLockTimeout"] = "00:00:15",
            ["Hangfire__WorkerCount"] = HangfireWorkers.ToString(CultureInfo.InvariantCulture),

            // How soon an email claimed by a worker of the dead Host is sent again (the lease lapses).
            ["Notifications__Outbox__Lease"] = "00:00:15",
        }, ReadyTimeout);
        _hosts.Add(host);
        return host;
    }

    /// <summary>Serves each instance over HTTP, three at a time; records the status, or null when the Host gave no answer (it died).</summary>
    private static Task ServeAsync(HostProcess host, string token, IReadOnlyList<Guid> targets, ConcurrentDictionary<Guid, HttpStatusCode?> results, TimeSpan pace) =>
        Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (id, ct) =>
        {
            try
            {
                // As a client does: the version it was shown, read again if an expiry moved the instance meanwhile.
                HttpStatusCode status;
                var attempt = 0;
                do
                {
                    using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/extended-hours/{id}");
                    read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var shown = await host.Http.SendAsync(read, ct);
                    using var view = JsonDocument.Parse(await shown.Content.ReadAsStringAsync(ct));
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/extended-hours/{id}/serve")
                    {
                        Content = JsonContent.Create(new { note = "已办结（压测）", expectedVersion = view.RootElement.GetProperty("version").GetInt32() }),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await host.Http.SendAsync(request, ct);
                    status = response.StatusCode;
                }
                while (status == HttpStatusCode.Conflict && ++attempt < 3);

                results[id] = status;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                results[id] = null;
            }

            await Task.Delay(pace, ct);
        });

    /// <summary>Polls until at least <paramref name="sent"/> emails are out and <paramref name="answers"/> reads at least <paramref name="minAnswers"/>.</summary>
    private async Task WaitUntilAsync(HostProcess host, int sent, Func<int> answers, int minAnswers, string what)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            var done = await CountAsync("SELECT count(*) FROM wf.outbox WHERE sent_at IS NOT NULL");
            if (done >= sent && answers() >= minAnswers)
            {
                return;
            }

            if (host.HasExited)
            {
                Assert.Fail($"Host 1 died by itself.{Environment.NewLine}{host.LogTail()}");
            }

            if (started.Elapsed > MidLoadTimeout)
            {
                Assert.Fail($"Waiting for {what}: {done} of {sent} emails sent and {answers()} of {minAnswers} serves answered after {MidLoadTimeout.TotalSeconds} s.{Environment.NewLine}{host.LogTail()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until every outbox row is sent and no due timer is left.</summary>
    private async Task<Snapshot> WaitForDrainAsync(HostProcess host)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            var now = await SnapshotAsync();
            if (now.Unsent == 0 && now.PendingDueTimers == 0)
            {
                return now;
            }

            if (host.HasExited)
            {
                Assert.Fail($"Host 2 died.{Environment.NewLine}{host.LogTail()}");
            }

            if (started.Elapsed > DrainTimeout)
            {
                Assert.Fail($"""
                    After {DrainTimeout.TotalSeconds} s on the restarted Host: {now}.
                    Rows enqueued but never sent point at Hangfire jobs the killed Host held: Hangfire.PostgreSql fetches a dead worker's
                    job again only after InvisibilityTimeout (30 min by default), and a job state lock (a row in hangfire.lock) the dead
                    Host held blocks that job until DistributedLockTimeout (10 min by default). Locks now: {await LocksAsync()}.
                    {host.LogTail()}
                    """);
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Unsent outbox rows a worker holds a lease on: right after the kill, the emails the dead
    /// Host's workers were sending, the only ones SMTP's window can send twice (at most one per
    /// worker: a job claims, sends and marks one email after another).
    /// </summary>
    private async Task<HashSet<Guid>> InFlightAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM wf.outbox WHERE sent_at IS NULL AND claimed_until > now()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>The lead's mail once every expected Message-ID is there, or after 30 s, whichever comes first.</summary>
    private static async Task<IReadOnlyList<MailMessage>> MailboxAsync(string address, IReadOnlyCollection<string> messageIds)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            var mail = await Mailbox.ToAsync(address);
            var seen = mail.Select(m => m.MessageId).ToHashSet();
            if (messageIds.All(seen.Contains) || started.Elapsed > TimeSpan.FromSeconds(30))
            {
                return mail;
            }

            await Task.Delay(250);
        }
    }

    private async Task<string> LocksAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(resource || ' since ' || acquired::text, '; ') FROM hangfire.lock", connection);
        return await command.ExecuteScalarAsync() as string ?? "none";
    }

    private async Task<Snapshot> SnapshotAsync() => new(
        await CountAsync("SELECT count(*) FROM wf.outbox"),
        await CountAsync("SELECT count(*) FROM wf.outbox WHERE sent_at IS NULL"),
        await CountAsync("SELECT count(*) FROM wf.outbox WHERE sent_at IS NULL AND enqueued_at IS NOT NULL"),
        await CountAsync("SELECT count(*) FROM wf.timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND next_at <= now()"),
        await CountAsync("SELECT count(*) FROM hangfire.jobqueue WHERE fetchedat IS NOT NULL"));

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <param name="Fetched">Hangfire jobs fetched by a worker and not finished.</param>
    private sealed record Snapshot(long Outbox, long Unsent, long UnsentEnqueued, long PendingDueTimers, long Fetched)
    {
        public override string ToString() =>
            $"outbox {Outbox} rows, {Unsent} unsent ({UnsentEnqueued} of them enqueued), {PendingDueTimers} due timers pending, {Fetched} Hangfire jobs fetched";
    }
}
