using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Governance.Benchmarks.Infrastructure;
using Governance.Host.Scheduling;
using Governance.Notifications;
using Governance.Notifications.Templates;
using Governance.Workflows;
using Governance.Engine.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Governance.Benchmarks;

/// <summary>
/// SLA timers as the Host fires them: its Quartz-driven <see cref="TimerPumpJob"/> claiming due
/// timer rows, in the Host's own Program run in process. Three claims of issue 5: lateness with
/// 100,000 and 1,000,000 timers pending and 50 falling due per second; a burst of 10,000 falling
/// due at one instant; breach → email accepted by the SMTP server. Beside each, the bare claim of
/// the same rows by pgbench (same table shape, batch size and idle poll as the pump), run alternately.
/// </summary>
internal sealed class TimersBenchmark : IBenchmark
{
    public const string Database = "governance_bench_timers";

    public const string BaselineDatabase = "governance_pgbench_timers";

    public const double LatenessP99TargetMs = 1000;

    public const double BurstTargetSeconds = 10;

    public const double EmailP50TargetMs = 300;

    public const double EmailP99TargetMs = 1000;

    private const int DuePerSecond = 50;

    private const int BurstSize = 10_000;

    /// <summary>Every 20th timer falling due in the steady state owes a red-alert email: 2.5 a second.</summary>
    private const int AlertEvery = 20;

    /// <summary>Cases started through the runtime itself; the rest are written in bulk in the same shape (checked after the run).</summary>
    private const int StartedByRuntime = 100;

    /// <summary>As Host/appsettings.json: the Host's connections share a pool of 60.</summary>
    private const int HostPoolSize = 60;

    /// <summary>The first timer of a phase falls due this long after its rows are committed.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(3);

    /// <summary>How long after the last due time a phase waits for stragglers before it counts them as not fired.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <summary>How often the benchmark looks for committed transitions: a commit is seen at most this much (plus a query) after it happened.</summary>
    private static readonly TimeSpan ObservePoll = TimeSpan.FromMilliseconds(20);

    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    private static readonly Actor Intake = new("bench-intake", "压测登记员", Roles.VillageTeam);

    public string Name => "timers";

    public string Summary => "SLA timers through the Host's Quartz-driven pump: lateness at 100,000 and 1,000,000 pending, a burst of 10,000, breach → email";

    public async Task<int> RunAsync(BenchmarkOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new BenchmarkServer(options);
        var connectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString(Database)) { MaxPoolSize = HostPoolSize }.ConnectionString;
        var pendingSizes = new[] { options.Pending / 10, options.Pending };
        Progress($"databases: {Database} (migrated by the Host), {BaselineDatabase} (a timers table of the same shape)");
        await server.RecreateDatabaseAsync(Database, ct);
        await server.RecreateDatabaseAsync(BaselineDatabase, ct);

        // A recipient of this run only: maildev is shared, so only its messages are read and deleted.
        var recipient = $"timers-{Guid.NewGuid():N}@bench.example";
        await using var host = new HostInProcess(connectionString, s => s
            .AddSingleton(SlaLadderWorkflow.Definition)
            .AddSingleton<EmailTemplate, SlaLadderWorkflow.AlertEmail>());
        var services = host.Start();
        var scheduling = services.GetRequiredService<IOptions<SchedulingOptions>>().Value;
        var hangfire = services.GetRequiredService<IConfiguration>().GetSection(HangfireSettings.Section).Get<HangfireSettings>() ?? new HangfireSettings();
        var run = new Run(connectionString, recipient, services.GetRequiredService<WorkflowRuntime>(), services.GetRequiredService<EmailSender>());
        using var baseline = new BareClaim(options, scheduling);
        await baseline.InitializeAsync(ct);
        using var maildev = new Maildev();

        var setup = Stopwatch.StartNew();
        Progress($"{pendingSizes[0]:N0} pending timers: {StartedByRuntime} cases started by the runtime, the rest by binary COPY");
        var reference = await run.StartThroughRuntimeAsync(StartedByRuntime, ct);
        await run.LoadPendingAsync(pendingSizes[0] - StartedByRuntime, ct);
        await baseline.LoadPendingAsync(pendingSizes[0], ct);
        await VacuumAnalyzeAsync(connectionString, baseline.ConnectionString, ct);
        var loadSeconds = setup.Elapsed.TotalSeconds;

        var warmUpSeconds = Math.Min(3, options.Seconds);
        Progress($"warm-up: {warmUpSeconds} s of each");
        await baseline.SteadyAsync(warmUpSeconds, ct);
        await run.SteadyAsync(warmUpSeconds, ct);

        var steady = new List<SteadyRound>();
        var emails = new List<EmailRound>();
        foreach (var pending in pendingSizes)
        {
            if (pending > pendingSizes[0])
            {
                setup.Restart();
                Progress($"topping up to {pending:N0} pending timers");
                await run.LoadPendingAsync(pending - pendingSizes[0], ct);
                await baseline.LoadPendingAsync(pending - pendingSizes[0], ct);
                await VacuumAnalyzeAsync(connectionString, baseline.ConnectionString, ct);
                loadSeconds += setup.Elapsed.TotalSeconds;
            }

            for (var r = 1; r <= options.Rounds; r++)
            {
                var bare = await baseline.SteadyAsync(options.Seconds, ct);
                Progress($"{pending:N0} pending, round {r}: bare claim p99 lateness {bare.Lateness.P99Ms:0} ms");
                var bareSends = await run.BareSendsAsync(options.Seconds * DuePerSecond / AlertEvery, ct);
                var load = BenchmarkServer.LoadAverage();
                var measured = await run.SteadyAsync(options.Seconds, ct);
                Progress($"{pending:N0} pending, round {r}: pump p99 lateness {measured.Committed.P99Ms:0} ms ({measured.Missing} not fired)");
                steady.Add(new SteadyRound(pending, r, bare, measured, load));
                emails.Add(new EmailRound(pending, r, bareSends, await run.EmailsAsync(measured, maildev, ct), measured.Cases.Count(c => c.AlertTo is not null)));
            }
        }

        var bursts = new List<BurstRound>();
        for (var r = 1; r <= options.Rounds; r++)
        {
            var bare = await baseline.BurstAsync(ct);
            Progress($"burst round {r}: bare claim all {BurstSize:N0} in {bare.Lateness.MaxMs / 1000:0.00} s");
            var load = BenchmarkServer.LoadAverage();
            var measured = await run.BurstAsync(ct);
            Progress($"burst round {r}: pump all committed in {measured.Committed.MaxMs / 1000:0.00} s ({measured.Missing} not fired)");
            bursts.Add(new BurstRound(r, bare, measured, load));
        }

        var check = await run.CheckAsync(reference, ct);
        Console.Write(Report(options, await server.DescribeAsync(ct), scheduling, hangfire, loadSeconds, steady, bursts, emails, check));
        await maildev.DeleteAsync(await maildev.ToAsync(recipient, ct), ct);
        return check.Passed ? 0 : 1;
    }

    private static async Task VacuumAnalyzeAsync(string runtimeDatabase, string baselineDatabase, CancellationToken ct)
    {
        foreach (var (connectionString, tables) in new[] { (runtimeDatabase, "wf.instances, wf.ledger, wf.work_items, wf.timers"), (baselineDatabase, "timers") })
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {tables}", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync(ct);
        }
    }

    private static string Report(
        BenchmarkOptions options, string machine, SchedulingOptions scheduling, HangfireSettings hangfire, double loadSeconds,
        List<SteadyRound> steady, List<BurstRound> bursts, List<EmailRound> emails, Check check)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("## Timers");
        text.AppendLine();
        text.AppendLine(inv, $"Measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd} with `{options.Command}`.");
        text.AppendLine();
        text.AppendLine(inv, $"- Machine: {machine}. Load average (1 min) at the start of each measured phase in the tables.");
        text.AppendLine(inv, $"- Host: the Host's own `Program.cs` in the benchmark's process (`WebApplicationFactory`, Production environment, `Host/appsettings.json`, no HTTP "
            + $"listener) on database `{Database}`, which it migrates: Quartz clustered on the same PostgreSQL starting `TimerPumpJob` every {scheduling.TimerPumpPeriod.TotalSeconds:0} s, "
            + $"the pump claiming up to {scheduling.TimerBatchSize} due timers per transaction while any is due, then sleeping until the next pending timer is due, at most {scheduling.TimerPollInterval.TotalMilliseconds:0} ms; the outbox "
            + $"dispatcher; the Hangfire server ({hangfire.WorkerCount} workers, QueuePollInterval {hangfire.QueuePollInterval.TotalMilliseconds:0} ms); MailKit to maildev on 127.0.0.1:1025. "
            + $"The one addition: the benchmark's workflow definition (`Benchmarks/SlaLadderWorkflow.cs`) and its email template in the Host's registry, which a Host run as a process "
            + $"could not load. The process runs workstation GC (the Host alone would run server GC).");
        text.AppendLine(inv, $"- Cases: `bench-sla-ladder`, the shape of the 三零 ladder: a case waits at the village with a work item and a limit; when the limit runs out the pump "
            + $"records the red alert (ledger line; an email to the township official if the case names one) and fires `escalate` as the system, which closes the village's "
            + $"work item, opens the township's and sets its timer (10 working days, from the holiday calendar), in the pump's transaction. "
            + $"{StartedByRuntime} cases were started through `WorkflowRuntime.StartAsync`, all others written with binary COPY row for row in the same shape (instance, "
            + $"start ledger line, work item, expiry timer; checked below); writing {options.Pending:N0} on both sides with their VACUUM ANALYZE took {loadSeconds:0} s. Pending timers are due "
            + $"1–30 days ahead; each steady phase adds {DuePerSecond} a second falling due for {options.Seconds} s, written {Lead.TotalSeconds:0} s ahead of the first, "
            + $"every {AlertEvery}th of them naming an official (a red-alert email); each burst phase {BurstSize:N0} due at one instant.");
        text.AppendLine(inv, $"- Lateness: the moment the escalation's commit was visible − the timer's due time. The benchmark polls the ledger every {ObservePoll.TotalMilliseconds:0} ms, "
            + $"so a commit is counted up to one poll late (and never early). \"Made\" is the ledger line's own time, when the transition was applied inside the batch's transaction.");
        text.AppendLine(inv, $"- Baseline: pgbench in database `{BaselineDatabase}`, a `timers` table of `wf.timers`'s columns and partial indexes with as many pending rows and the "
            + $"same due times, `{BareClaim.Describe(scheduling)}`; lateness = the fired mark (`clock_timestamp()` in that statement) − due. It is the pump with nothing to do "
            + $"per timer but mark it: the floor the poll interval and the claim set on this machine. Each round runs the baseline first, then the Host.");
        text.AppendLine();

        text.AppendLine("### Steady state: 50 timers a second falling due");
        text.AppendLine();
        text.AppendLine("| pending | round | load | bare p50 (ms) | bare p99 (ms) | made p50 (ms) | committed p50 (ms) | committed p99 (ms) | committed max (ms) | p99 ratio |");
        text.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var verdicts = new List<bool>();
        foreach (var group in steady.GroupBy(r => r.Pending))
        {
            foreach (var r in group)
            {
                text.AppendLine(inv, $"| {r.Pending:N0} | {r.Number} | {r.Load} | {r.Bare.Lateness.P50Ms:0} | {r.Bare.Lateness.P99Ms:0} | {r.Pump.Fired.P50Ms:0} | {r.Pump.Committed.P50Ms:0} | "
                    + $"{r.Pump.Committed.P99Ms:0} | {r.Pump.Committed.MaxMs:0} | {r.Pump.Committed.P99Ms / r.Bare.Lateness.P99Ms:0.00} |");
            }

            var p99 = Stats.Median(group.Select(r => r.Pump.Committed.P99Ms));
            var bareP99 = Stats.Median(group.Select(r => r.Bare.Lateness.P99Ms));
            text.AppendLine(inv, $"| **{group.Key:N0}** | **median** | | {Stats.Median(group.Select(r => r.Bare.Lateness.P50Ms)):0} | **{bareP99:0}** | {Stats.Median(group.Select(r => r.Pump.Fired.P50Ms)):0} | "
                + $"{Stats.Median(group.Select(r => r.Pump.Committed.P50Ms)):0} | **{p99:0}** | {Stats.Median(group.Select(r => r.Pump.Committed.MaxMs)):0} | **{p99 / bareP99:0.00}** |");
            verdicts.Add(p99 <= LatenessP99TargetMs && group.All(r => r.Pump.Missing == 0));
        }

        text.AppendLine();
        foreach (var (group, met) in steady.GroupBy(r => r.Pending).Zip(verdicts))
        {
            text.AppendLine(inv, $"{group.Key:N0} pending: p99 lateness **{Stats.Median(group.Select(r => r.Pump.Committed.P99Ms)):0} ms** (median of rounds; target ≤ {LatenessP99TargetMs:0} ms), "
                + $"{group.Sum(r => r.Pump.Missing)} not fired. Verdict: **{(met ? "met" : "NOT met")}**.");
            text.AppendLine();
        }

        text.AppendLine(inv, $"### Burst: {BurstSize:N0} falling due at one instant, {options.Pending:N0} pending");
        text.AppendLine();
        text.AppendLine("| round | load | bare: all fired (s) | bare firings/s | Host: all committed (s) | Host firings/s | committed p50 (s) | client CPU per firing (ms) | ratio |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in bursts)
        {
            text.AppendLine(inv, $"| {r.Number} | {r.Load} | {r.Bare.Lateness.MaxMs / 1000:0.00} | {BurstSize / (r.Bare.Lateness.MaxMs / 1000):N0} | {r.Pump.Committed.MaxMs / 1000:0.00} | "
                + $"{BurstSize / (r.Pump.Committed.MaxMs / 1000):N0} | {r.Pump.Committed.P50Ms / 1000:0.00} | {r.Pump.CpuMsPerFiring:0.00} | {r.Pump.Committed.MaxMs / r.Bare.Lateness.MaxMs:0.0} |");
        }

        var burstAll = Stats.Median(bursts.Select(r => r.Pump.Committed.MaxMs)) / 1000;
        var bareAll = Stats.Median(bursts.Select(r => r.Bare.Lateness.MaxMs)) / 1000;
        text.AppendLine(inv, $"| **median** | | **{bareAll:0.00}** | {BurstSize / bareAll:N0} | **{burstAll:0.00}** | {BurstSize / burstAll:N0} | {Stats.Median(bursts.Select(r => r.Pump.Committed.P50Ms)) / 1000:0.00} | "
            + $"{Stats.Median(bursts.Select(r => r.Pump.CpuMsPerFiring)):0.00} | **{burstAll / bareAll:0.0}** |");
        text.AppendLine();
        var burstMet = burstAll <= BurstTargetSeconds && bursts.All(r => r.Pump.Missing == 0) && check.Passed;
        text.AppendLine(inv, $"Every one of the {BurstSize:N0} fired and committed within **{burstAll:0.00} s** (median of rounds; target ≤ {BurstTargetSeconds:0} s), "
            + $"{bursts.Sum(r => r.Pump.Missing)} not fired, none twice (rows below). Verdict: **{(burstMet ? "met" : "NOT met")}**. "
            + $"Client CPU: the whole process (Host, observer) during the phase ÷ firings.");
        text.AppendLine();

        text.AppendLine("### Breach → email accepted by the SMTP server");
        text.AppendLine();
        text.AppendLine("Each step from the timer's due time (ms, p50 over the round's emails): the red alert committed (its ledger line's time), handed to Hangfire "
            + "(outbox `enqueued_at`), a worker on it (Hangfire's Processing state), MailKit done (outbox `sent_at`, after `QUIT`), maildev had it (its file's write time, "
            + "just before its 250: maildev's own `time` is the Date header, whole seconds). Bare send: the Host's `EmailSender` (MailKit: connect, send, quit) to "
            + "maildev with the same message, one after another, in the same round.");
        text.AppendLine();
        text.AppendLine("| pending | round | bare send p50 (ms) | bare send p99 (ms) | emails | alert committed | enqueued | worker started | sent | accepted p50 | accepted p99 | accepted max |");
        text.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in emails)
        {
            text.AppendLine(inv, $"| {r.Pending:N0} | {r.Number} | {r.BareSend.P50Ms:0} | {r.BareSend.P99Ms:0} | {r.Paths.Count} | {Stats.Median(r.Paths.Select(p => p.Alerted)):0} | "
                + $"{Stats.Median(r.Paths.Select(p => p.Enqueued)):0} | {Stats.Median(r.Paths.Select(p => p.WorkerStarted)):0} | {Stats.Median(r.Paths.Select(p => p.Sent)):0} | "
                + $"{r.Accepted.P50Ms:0} | {r.Accepted.P99Ms:0} | {r.Accepted.MaxMs:0} |");
        }

        var all = Lateness.Of(emails.SelectMany(r => r.Paths).Select(p => p.Accepted));
        var paths = emails.SelectMany(r => r.Paths).ToList();
        text.AppendLine(inv, $"| **all** | | {Stats.Median(emails.Select(r => r.BareSend.P50Ms)):0} | {Stats.Median(emails.Select(r => r.BareSend.P99Ms)):0} | {all.Count} | "
            + $"{Stats.Median(paths.Select(p => p.Alerted)):0} | {Stats.Median(paths.Select(p => p.Enqueued)):0} | {Stats.Median(paths.Select(p => p.WorkerStarted)):0} | "
            + $"{Stats.Median(paths.Select(p => p.Sent)):0} | **{all.P50Ms:0}** | **{all.P99Ms:0}** | {all.MaxMs:0} |");
        text.AppendLine();
        var expected = emails.All(r => r.Paths.Count == r.Expected);
        var emailMet = all.P50Ms <= EmailP50TargetMs && all.P99Ms <= EmailP99TargetMs && expected;
        text.AppendLine(inv, $"Due → accepted by maildev over all {all.Count} emails: p50 **{all.P50Ms:0} ms** (target ≤ {EmailP50TargetMs:0} ms), p99 **{all.P99Ms:0} ms** "
            + $"(target ≤ {EmailP99TargetMs:0} ms); every alert's email found in maildev: {(expected ? "yes" : "**no**")}. Verdict: **{(emailMet ? "met" : "NOT met")}**.");
        text.AppendLine();

        text.AppendLine("| check | expected | found | |");
        text.AppendLine("| --- | ---: | ---: | --- |");
        foreach (var (what, want, found) in check.Lines)
        {
            text.AppendLine(inv, $"| {what} | {want:N0} | {found:N0} | {(want == found ? "ok" : "**MISMATCH**")} |");
        }

        return text.ToString();
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[timers] {message}");

    /// <summary>Percentiles of a phase's lateness, in milliseconds.</summary>
    private sealed record Lateness(int Count, double P50Ms, double P99Ms, double MaxMs)
    {
        public static Lateness Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return new(sorted.Length, Stats.Percentile(sorted, 0.5), Stats.Percentile(sorted, 0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
        }
    }

    /// <summary>A case at the village whose limit runs out at <paramref name="DueAt"/>.</summary>
    private sealed record LadderCase(Guid Id, int N, DateTimeOffset DueAt, DateTimeOffset CreatedAt, string? AlertTo)
    {
        public string OrgUnit => $"village/{N % 410:000}";

        public string Title => $"压测纠纷 {N}";
    }

    /// <summary>What the pump did with a phase's timers: when each transition was made (ledger) and when its commit was seen.</summary>
    private sealed record PumpPhase(IReadOnlyList<LadderCase> Cases, Lateness Fired, Lateness Committed, int Missing, double CpuMsPerFiring);

    /// <summary>The baseline's lateness: fired − due, the mark made in the claiming statement itself (committed with it).</summary>
    private sealed record BarePhase(Lateness Lateness, int Missing);

    private sealed record SteadyRound(int Pending, int Number, BarePhase Bare, PumpPhase Pump, string Load);

    private sealed record BurstRound(int Number, BarePhase Bare, PumpPhase Pump, string Load);

    /// <summary>An email's way, each step from the timer's due time, in milliseconds.</summary>
    private sealed record EmailPath(double Alerted, double Enqueued, double WorkerStarted, double Sent, double Accepted);

    private sealed record EmailRound(int Pending, int Number, Lateness BareSend, IReadOnlyList<EmailPath> Paths, int Expected)
    {
        public Lateness Accepted => Lateness.Of(Paths.Select(p => p.Accepted));
    }

    private sealed record Check(IReadOnlyList<(string What, long Expected, long Found)> Lines)
    {
        public bool Passed => Lines.All(l => l.Expected == l.Found);
    }

    /// <summary>The runtime's side: the cases, how they are written, how their firing is observed and checked.</summary>
    private sealed class Run(string connectionString, string recipient, WorkflowRuntime runtime, EmailSender sender)
    {
        private int _cases;
        private long _fellDue;
        private long _alerts;
        private long _missing;

        public async Task<Guid> StartThroughRuntimeAsync(int count, CancellationToken ct)
        {
            var first = Guid.Empty;
            foreach (var c in FarFuture(count))
            {
                var instance = await runtime.InTransactionAsync(
                    (db, token) => runtime.StartAsync(db, SlaLadderWorkflow.Definition.Name, c.OrgUnit, c.Title, new LadderCaseData(c.DueAt, null), Intake, token),
                    ct);
                first = first == Guid.Empty ? instance.Id : first;
            }

            return first;
        }

        public Task LoadPendingAsync(int count, CancellationToken ct) => CopyAsync(FarFuture(count), ct);

        /// <summary><see cref="DuePerSecond"/> timers a second falling due for <paramref name="seconds"/>, every <see cref="AlertEvery"/>th owing an email.</summary>
        public async Task<PumpPhase> SteadyAsync(int seconds, CancellationToken ct)
        {
            var now = TimeProvider.System.GetUtcNow();
            var cases = Enumerable.Range(0, seconds * DuePerSecond)
                .Select(i => Case(now + Lead + TimeSpan.FromSeconds((double)i / DuePerSecond), now, i % AlertEvery == AlertEvery / 2 ? recipient : null))
                .ToList();
            _alerts += cases.Count(c => c.AlertTo is not null);
            return await PumpAsync(cases, ct);
        }

        /// <summary><see cref="BurstSize"/> timers falling due at one instant, as at opening time after a holiday.</summary>
        public Task<PumpPhase> BurstAsync(CancellationToken ct)
        {
            var now = TimeProvider.System.GetUtcNow();
            var dueAt = now + Lead;
            return PumpAsync([.. Enumerable.Range(0, BurstSize).Select(_ => Case(dueAt, now - TimeSpan.FromDays(8), null))], ct);
        }

        /// <summary>The same email sent straight through the Host's <see cref="EmailSender"/> (MailKit to maildev), one after another: the last hop alone.</summary>
        public async Task<Lateness> BareSendsAsync(int count, CancellationToken ct)
        {
            var email = new SlaLadderWorkflow.AlertEmail().Render(
                TemplateModel.Parse(JsonSerializer.Serialize(new { title = "压测纠纷 0", state = "村级化解", dueAt = TimeProvider.System.GetUtcNow(), reason = "超过办理时限" })),
                "镇街值班领导");
            var times = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();

                // A session per email: a connect and a QUIT each, as a job with one email has.
                await using (var smtp = sender.OpenSession())
                {
                    await smtp.SendAsync(Guid.CreateVersion7(), "镇街值班领导", recipient, email, ct);
                }

                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return Lateness.Of(times);
        }

        /// <summary>
        /// Waits until the phase's emails are sent, then follows each from the timer's due time: the
        /// red alert committed (ledger), handed to Hangfire (outbox), a worker started on it and
        /// MailKit finished (Hangfire, outbox), and maildev had it (its file).
        /// </summary>
        public async Task<IReadOnlyList<EmailPath>> EmailsAsync(PumpPhase phase, Maildev maildev, CancellationToken ct)
        {
            var alerts = phase.Cases.Where(c => c.AlertTo is not null).ToDictionary(c => c.Id);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            var deadline = TimeProvider.System.GetUtcNow() + Grace;
            var outbox = new Dictionary<Guid, (Guid Instance, DateTimeOffset Enqueued, DateTimeOffset Sent)>();
            while (TimeProvider.System.GetUtcNow() < deadline)
            {
                outbox.Clear();
                await using (var command = new NpgsqlCommand("SELECT id, instance_id, enqueued_at, sent_at FROM wf.outbox WHERE instance_id = ANY($1) AND sent_at IS NOT NULL", connection))
                {
                    command.Parameters.Add(new() { Value = alerts.Keys.ToArray() });
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        outbox[reader.GetGuid(0)] = (reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3));
                    }
                }

                if (outbox.Count >= alerts.Count)
                {
                    break;
                }

                await Task.Delay(500, ct);
            }

            var alerted = new Dictionary<Guid, DateTimeOffset>();
            await using (var command = new NpgsqlCommand("SELECT instance_id, at FROM wf.ledger WHERE instance_id = ANY($1) AND kind = 'SlaExpired'", connection))
            {
                command.Parameters.Add(new() { Value = alerts.Keys.ToArray() });
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    alerted[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
                }
            }

            var started = await WorkerStartsAsync(connection, outbox.Keys, ct);
            var accepted = (await maildev.ToAsync(recipient, ct)).ToDictionary(m => m.MessageId, m => m.AcceptedAt);
            var paths = new List<EmailPath>();
            foreach (var (id, (instance, enqueued, sent)) in outbox)
            {
                var due = alerts[instance].DueAt;
                if (alerted.TryGetValue(instance, out var alertedAt) && started.TryGetValue(id, out var startedAt) && accepted.TryGetValue(sender.MessageIdFor(id), out var acceptedAt))
                {
                    paths.Add(new((alertedAt - due).TotalMilliseconds, (enqueued - due).TotalMilliseconds, (startedAt - due).TotalMilliseconds, (sent - due).TotalMilliseconds, (acceptedAt - due).TotalMilliseconds));
                }
            }

            return paths;
        }

        /// <summary>When a Hangfire worker moved each delivery job to Processing (Hangfire keeps UTC timestamps without zone).</summary>
        private static async Task<Dictionary<Guid, DateTimeOffset>> WorkerStartsAsync(NpgsqlConnection connection, IEnumerable<Guid> outboxIds, CancellationToken ct)
        {
            var wanted = outboxIds.ToHashSet();
            var starts = new Dictionary<Guid, DateTimeOffset>();
            await using var command = new NpgsqlCommand(
                "SELECT j.arguments, s.createdat FROM hangfire.job j JOIN hangfire.state s ON s.jobid = j.id WHERE s.name = 'Processing' AND j.createdat > now() - interval '10 minutes'",
                connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                // arguments: a JSON array of JSON-serialised arguments, the batch of outbox ids first: ["[\"0193…\",…]", null].
                // Every email of a batch is counted from its job's start; a later one also waits for the sends before it.
                var first = JsonSerializer.Deserialize<string?[]>(reader.GetString(0))?[0];
                var at = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
                foreach (var id in first is null ? [] : JsonSerializer.Deserialize<Guid[]>(first) ?? [])
                {
                    if (wanted.Contains(id))
                    {
                        starts[id] = starts.TryGetValue(id, out var earlier) && earlier < at ? earlier : at;
                    }
                }
            }

            return starts;
        }

        private LadderCase Case(DateTimeOffset dueAt, DateTimeOffset createdAt, string? alertTo)
        {
            var n = ++_cases;
            return new(Guid.CreateVersion7(createdAt), n, dueAt, createdAt, alertTo);
        }

        /// <summary>Cases waiting at the village, entered up to 5 days ago, whose limits run out 1 to 30 days from now.</summary>
        private IEnumerable<LadderCase> FarFuture(int count)
        {
            var now = TimeProvider.System.GetUtcNow();
            var random = new Random(count);
            for (var i = 0; i < count; i++)
            {
                yield return Case(now + TimeSpan.FromDays(1 + (random.NextDouble() * 29)), now - TimeSpan.FromDays(random.NextDouble() * 5), null);
            }
        }

        /// <summary>Writes the phase's cases, then watches the ledger until every one has escalated or the grace time is over.</summary>
        private async Task<PumpPhase> PumpAsync(List<LadderCase> cases, CancellationToken ct)
        {
            await CopyAsync(cases, ct);
            var firstDue = cases.Min(c => c.DueAt);
            if (TimeProvider.System.GetUtcNow() >= firstDue)
            {
                throw new InvalidOperationException($"Writing {cases.Count} cases took longer than the lead of {Lead.TotalSeconds} s: their lateness would include it.");
            }

            var cpu = Environment.CpuUsage.TotalTime;
            var seen = await ObserveAsync(cases, cases.Max(c => c.DueAt) + Grace, ct);
            cpu = Environment.CpuUsage.TotalTime - cpu;
            var missing = cases.Count - seen.Count;
            _fellDue += cases.Count;
            _missing += missing;
            var byId = cases.ToDictionary(c => c.Id);
            return new(
                cases,
                Lateness.Of(seen.Select(s => (s.Value.Fired - byId[s.Key].DueAt).TotalMilliseconds)),
                Lateness.Of(seen.Select(s => (s.Value.Seen - byId[s.Key].DueAt).TotalMilliseconds)),
                missing,
                cpu.TotalMilliseconds / Math.Max(1, seen.Count));
        }

        /// <summary>
        /// Polls the ledger for the cases' escalations: when each transition was made (its line's
        /// time, before the commit) and when its commit was first visible (at most one poll late).
        /// Reads forward from the first ledger id not yet seen: claimers side by side commit their
        /// lines out of id order, so a gap may be a batch still in flight (a gap left by a rolled
        /// back firing stays open until the phase ends, and is read again at each poll).
        /// </summary>
        private async Task<Dictionary<Guid, (DateTimeOffset Fired, DateTimeOffset Seen)>> ObserveAsync(List<LadderCase> cases, DateTimeOffset deadline, CancellationToken ct)
        {
            var wanted = cases.Select(c => c.Id).ToHashSet();
            var seen = new Dictionary<Guid, (DateTimeOffset, DateTimeOffset)>(cases.Count);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            long low;
            await using (var end = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM wf.ledger", connection))
            {
                low = (long)(await end.ExecuteScalarAsync(ct))!;
            }

            await using var poll = new NpgsqlCommand("SELECT id, instance_id, kind, trigger, at FROM wf.ledger WHERE id > $1 ORDER BY id", connection);
            var after = new NpgsqlParameter<long>();
            poll.Parameters.Add(after);
            await poll.PrepareAsync(ct);
            var ahead = new HashSet<long>();
            while (seen.Count < wanted.Count && TimeProvider.System.GetUtcNow() < deadline)
            {
                after.TypedValue = low;
                var lines = new List<(long Id, Guid Instance, bool Escalation, DateTimeOffset At)>();
                await using (var reader = await poll.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        lines.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2) == nameof(LedgerKind.Transition) && reader.GetString(3) == SlaLadderWorkflow.Escalate, reader.GetFieldValue<DateTimeOffset>(4)));
                    }
                }

                var at = TimeProvider.System.GetUtcNow();
                foreach (var line in lines)
                {
                    ahead.Add(line.Id);
                    if (line.Escalation && wanted.Contains(line.Instance))
                    {
                        seen.TryAdd(line.Instance, (line.At, at));
                    }
                }

                while (ahead.Remove(low + 1))
                {
                    low++;
                }

                await Task.Delay(ObservePoll, ct);
            }

            return seen;
        }

        /// <summary>
        /// Writes cases with binary COPY in one transaction, row for row what
        /// <see cref="WorkflowRuntime.StartAsync"/> writes for one (instance in Village with its
        /// data and limit, the "start" ledger line, the village's work item, the expiry timer):
        /// starting a million through the runtime would take most of an hour here.
        /// </summary>
        private async Task CopyAsync(IEnumerable<LadderCase> source, CancellationToken ct)
        {
            var cases = source as IReadOnlyList<LadderCase> ?? [.. source];
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var instances = await connection.BeginBinaryImportAsync(
                "COPY wf.instances (id, definition_name, definition_version, state, org_unit, title, data, version, created_at, updated_at, state_entered_at, due_at) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var c in cases)
                {
                    await instances.StartRowAsync(ct);
                    await instances.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                    await instances.WriteAsync(SlaLadderWorkflow.Name, NpgsqlDbType.Varchar, ct);
                    await instances.WriteAsync(SlaLadderWorkflow.Definition.Version, NpgsqlDbType.Integer, ct);
                    await instances.WriteAsync(SlaLadderWorkflow.Village, NpgsqlDbType.Varchar, ct);
                    await instances.WriteAsync(c.OrgUnit, NpgsqlDbType.Varchar, ct);
                    await instances.WriteAsync(c.Title, NpgsqlDbType.Varchar, ct);
                    await instances.WriteAsync(JsonSerializer.Serialize(new LadderCaseData(c.DueAt, c.AlertTo), DataJson), NpgsqlDbType.Jsonb, ct);
                    await instances.WriteAsync(0, NpgsqlDbType.Integer, ct);
                    await instances.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                    await instances.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                    await instances.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                    await instances.WriteAsync(c.DueAt, NpgsqlDbType.TimestampTz, ct);
                }

                await instances.CompleteAsync(ct);
            }

            await using (var ledger = await connection.BeginBinaryImportAsync(
                "COPY wf.ledger (instance_id, version, kind, trigger, from_state, to_state, actor_id, actor_name, actor_role, at) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var c in cases)
                {
                    await ledger.StartRowAsync(ct);
                    await ledger.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                    await ledger.WriteAsync(0, NpgsqlDbType.Integer, ct);
                    await ledger.WriteAsync(nameof(LedgerKind.Started), NpgsqlDbType.Varchar, ct);
                    await ledger.WriteAsync("start", NpgsqlDbType.Varchar, ct);
                    await ledger.WriteAsync("", NpgsqlDbType.Varchar, ct);
                    await ledger.WriteAsync(SlaLadderWorkflow.Village, NpgsqlDbType.Varchar, ct);
                    await ledger.WriteAsync(Intake.Id, NpgsqlDbType.Varchar, ct);
                    await ledger.WriteAsync(Intake.Name, NpgsqlDbType.Varchar, ct);
                    await ledger.WriteAsync(Intake.Role, NpgsqlDbType.Varchar, ct);
                    await ledger.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                }

                await ledger.CompleteAsync(ct);
            }

            await using (var workItems = await connection.BeginBinaryImportAsync(
                "COPY wf.work_items (id, instance_id, state, queue, priority, due_at, created_at) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var c in cases)
                {
                    await workItems.StartRowAsync(ct);
                    await workItems.WriteAsync(Guid.CreateVersion7(c.CreatedAt), NpgsqlDbType.Uuid, ct);
                    await workItems.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                    await workItems.WriteAsync(SlaLadderWorkflow.Village, NpgsqlDbType.Varchar, ct);
                    await workItems.WriteAsync(c.OrgUnit, NpgsqlDbType.Varchar, ct);
                    await workItems.WriteAsync(0, NpgsqlDbType.Integer, ct);
                    await workItems.WriteAsync(c.DueAt, NpgsqlDbType.TimestampTz, ct);
                    await workItems.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                }

                await workItems.CompleteAsync(ct);
            }

            await TimerRows.CopyAsync(connection, "wf.timers", cases.Select(c => (c.Id, c.DueAt, c.CreatedAt)), ct);
            await tx.CommitAsync(ct);
        }

        /// <summary>After the run: every timer that fell due fired once, none that did not; rows as the runtime writes them.</summary>
        public async Task<Check> CheckAsync(Guid reference, CancellationToken ct)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            async Task<long> CountAsync(string sql, params object[] values)
            {
                await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
                foreach (var value in values)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value });
                }

                return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }

            var escalated = _fellDue - _missing;
            return new Check(
            [
                ("cases = cases written", _cases, await CountAsync("SELECT count(*) FROM wf.instances WHERE definition_name = $1", SlaLadderWorkflow.Name)),
                ("timers that fell due and were seen escalating = timers that fell due (none lost)", _fellDue, escalated),
                ("expiry timers fired, outcome \"fired\"", escalated, await CountAsync("SELECT count(*) FROM wf.timers WHERE fired_at IS NOT NULL AND outcome = 'fired'")),
                ("timers fired with another outcome, or put back after an error", 0, await CountAsync("SELECT count(*) FROM wf.timers WHERE (fired_at IS NOT NULL AND outcome <> 'fired') OR failed_attempts > 0")),
                ("ledger escalation lines = timers fired", escalated, await CountAsync("SELECT count(*) FROM wf.ledger WHERE kind = 'Transition' AND trigger = $1", SlaLadderWorkflow.Escalate)),
                ("cases escalated more than once (fired twice)", 0, await CountAsync("SELECT count(*) FROM (SELECT instance_id FROM wf.ledger WHERE kind = 'Transition' GROUP BY instance_id HAVING count(*) > 1) twice")),
                ("ledger red-alert lines = timers fired", escalated, await CountAsync("SELECT count(*) FROM wf.ledger WHERE kind = 'SlaExpired'")),
                ("cases at the township at version 1 = timers fired", escalated, await CountAsync("SELECT count(*) FROM wf.instances WHERE definition_name = $1 AND state = $2 AND version = 1", SlaLadderWorkflow.Name, SlaLadderWorkflow.Township)),
                ("cases at the village at version 0 = cases not yet due", _cases - escalated, await CountAsync("SELECT count(*) FROM wf.instances WHERE definition_name = $1 AND state = $2 AND version = 0", SlaLadderWorkflow.Name, SlaLadderWorkflow.Village)),
                ("pending timers = cases (the village's, or the township's new one)", _cases, await CountAsync("SELECT count(*) FROM wf.timers WHERE fired_at IS NULL AND cancelled_at IS NULL")),
                ("timers due before now still pending", 0, await CountAsync("SELECT count(*) FROM wf.timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND next_at <= now()")),
                ("open work items = cases", _cases, await CountAsync("SELECT count(*) FROM wf.work_items WHERE closed_at IS NULL")),
                ("red-alert emails in the outbox = alerts that fell due", _alerts, await CountAsync("SELECT count(*) FROM wf.outbox")),
                ("red-alert emails sent = alerts that fell due", _alerts, await CountAsync("SELECT count(*) FROM wf.outbox WHERE sent_at IS NOT NULL")),
                ("cases whose data differs in shape from one the runtime started", 0, await CountAsync(
                    """
                    SELECT count(*) FROM wf.instances i
                    WHERE i.definition_name = $1
                      AND ARRAY(SELECT k FROM jsonb_object_keys(i.data) k ORDER BY k)
                       <> ARRAY(SELECT k FROM wf.instances r, jsonb_object_keys(r.data) k WHERE r.id = $2 ORDER BY k)
                    """,
                    SlaLadderWorkflow.Name, reference)),
            ]);
        }
    }

    /// <summary>Timer rows in the runtime's shape (<c>RuntimeRows.Insert(WorkflowTimer)</c>), for both sides.</summary>
    private static class TimerRows
    {
        public static async Task CopyAsync(NpgsqlConnection connection, string table, IEnumerable<(Guid Instance, DateTimeOffset DueAt, DateTimeOffset CreatedAt)> timers, CancellationToken ct)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                $"COPY {table} (id, instance_id, instance_version, due_at, next_at, created_at, failed_attempts) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var (instance, dueAt, createdAt) in timers)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(Guid.CreateVersion7(createdAt), NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(instance, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(dueAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(dueAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
            }

            await copy.CompleteAsync(ct);
        }
    }

    /// <summary>
    /// The baseline: pgbench claiming due rows of a table shaped like <c>wf.timers</c> (same columns
    /// and partial indexes, as many pending rows, the same due times), with the pump's own statement
    /// shape, batch size, idle poll and number of claimers, and marking them fired; nothing else.
    /// </summary>
    private sealed class BareClaim(BenchmarkOptions options, SchedulingOptions scheduling) : IDisposable
    {
        /// <summary>
        /// The claim's idle poll: the pump's own until it learnt to sleep until the next due timer.
        /// Kept, so that the baseline stays what it was (the floor a 200 ms poll sets) and the
        /// figures before and after that change compare.
        /// </summary>
        private const int PollMs = 200;

        private readonly string _directory = Directory.CreateTempSubdirectory("timers-pgbench-").FullName;

        public string ConnectionString => options.ConnectionString(BaselineDatabase);

        public string Script => $"""
            WITH claimed AS (
                UPDATE timers SET fired_at = clock_timestamp(), outcome = 'fired'
                WHERE id IN (SELECT id FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND next_at <= now()
                             ORDER BY next_at LIMIT {scheduling.TimerBatchSize} FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT count(*) AS claimed FROM claimed
            \gset
            \if :claimed < {scheduling.TimerBatchSize}
            \sleep {PollMs} ms
            \endif

            """;

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        public async Task InitializeAsync(CancellationToken ct)
        {
            await File.WriteAllTextAsync(Path.Combine(_directory, "claim.sql"), Script, ct);
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand(
                """
                CREATE TABLE timers (id uuid PRIMARY KEY, instance_id uuid NOT NULL, instance_version integer NOT NULL, warn_at timestamptz,
                    due_at timestamptz NOT NULL, next_at timestamptz NOT NULL, warned_at timestamptz, created_at timestamptz NOT NULL, fired_at timestamptz,
                    cancelled_at timestamptz, outcome varchar(200), failed_attempts integer NOT NULL);
                CREATE INDEX ix_timers_pending_next ON timers (next_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
                CREATE INDEX ix_timers_instance_id ON timers (instance_id) WHERE fired_at IS NULL AND cancelled_at IS NULL;
                """,
                connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        public async Task LoadPendingAsync(int count, CancellationToken ct)
        {
            var now = TimeProvider.System.GetUtcNow();
            var random = new Random(count);
            await CopyAsync(
                Enumerable.Range(0, count).Select(_ =>
                {
                    var createdAt = now - TimeSpan.FromDays(random.NextDouble() * 5);
                    return (Guid.CreateVersion7(createdAt), now + TimeSpan.FromDays(1 + (random.NextDouble() * 29)), createdAt);
                }),
                ct);
        }

        public async Task<BarePhase> SteadyAsync(int seconds, CancellationToken ct)
        {
            var now = TimeProvider.System.GetUtcNow();
            var rows = Enumerable.Range(0, seconds * DuePerSecond).Select(i => (Guid.CreateVersion7(now), now + Lead + TimeSpan.FromSeconds((double)i / DuePerSecond), now)).ToList();
            return await ClaimAsync(rows, seconds, ct);
        }

        public async Task<BarePhase> BurstAsync(CancellationToken ct)
        {
            var now = TimeProvider.System.GetUtcNow();
            return await ClaimAsync([.. Enumerable.Range(0, BurstSize).Select(_ => (Guid.CreateVersion7(now), now + Lead, now - TimeSpan.FromDays(8)))], 0, ct);
        }

        public static string Describe(SchedulingOptions scheduling) =>
            $"pgbench -n -M prepared -c {scheduling.TimerPumpConcurrency} -j {Math.Min(2, scheduling.TimerPumpConcurrency)} -T <lead + duration + 5 s> -f claim.sql (claim up to {scheduling.TimerBatchSize} due rows FOR UPDATE SKIP LOCKED and mark them fired, in one statement; sleep {PollMs} ms when fewer came back, as the pump polled before it slept until the next due timer)";

        private async Task CopyAsync(IEnumerable<(Guid Instance, DateTimeOffset DueAt, DateTimeOffset CreatedAt)> rows, CancellationToken ct)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync(ct);
            await TimerRows.CopyAsync(connection, "timers", rows, ct);
        }

        /// <summary>Writes the rows, lets pgbench claim until 5 s after the last is due, and reads each row's lateness (fired − due).</summary>
        private async Task<BarePhase> ClaimAsync(List<(Guid Instance, DateTimeOffset DueAt, DateTimeOffset CreatedAt)> rows, int seconds, CancellationToken ct)
        {
            await CopyAsync(rows, ct);
            var output = await Pgbench.RunAsync(
                options,
                BaselineDatabase,
                ["-n", "-M", "prepared", "-c", $"{scheduling.TimerPumpConcurrency}", "-j", $"{Math.Min(2, scheduling.TimerPumpConcurrency)}", "-T", $"{(int)Lead.TotalSeconds + seconds + 5}", "-f", "claim.sql"],
                _directory,
                null,
                ct);
            Pgbench.ThrowIfAnyFailed(output);

            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT extract(epoch FROM fired_at - due_at) * 1000 FROM timers WHERE instance_id = ANY($1) AND fired_at IS NOT NULL", connection);
            command.Parameters.Add(new() { Value = rows.Select(r => r.Instance).ToArray() });
            var lateness = new List<double>(rows.Count);
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    lateness.Add(Convert.ToDouble(reader.GetValue(0), CultureInfo.InvariantCulture));
                }
            }

            return new(Lateness.Of(lateness), rows.Count - lateness.Count);
        }
    }
}
