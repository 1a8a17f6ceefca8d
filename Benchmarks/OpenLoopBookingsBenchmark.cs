using System.Diagnostics;
using System.Globalization;
using System.Text;
using Governance.Benchmarks.Infrastructure;
using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall.Appointments;
using Npgsql;

namespace Governance.Benchmarks;

/// <summary>
/// Bookings as a slot release (放号) brings them, open loop: requests arrive at a fixed rate
/// whatever the Host answers, 80 % of them on the 20 slots everyone wants, whose seats run out
/// about halfway through, the rest on slots that never fill; beside pgbench's simple-update at the
/// same arrival rate (<c>-R</c>), run alternately. A request's latency counts from the instant it
/// was due to arrive, not from when it was sent, so a Host that stalls is charged for every request
/// that arrived meanwhile (no coordinated omission). A refusal (409 “该时段已约满”) is an answer.
/// Afterwards the rows show that no slot holds more bookings than seats.
/// </summary>
internal sealed class OpenLoopBookingsBenchmark : IBenchmark
{
    public const string BenchmarkName = "bookings-open";

    public const string Database = "governance_bench_open";

    public const double P99TargetMs = 50;

    /// <summary>The bookings' p99 at most this many times pgbench's at the same arrival rate.</summary>
    public const double P99RatioTarget = 3;

    /// <summary>Seats of each other slot: none fills, so every arrival there books.</summary>
    private const int ColdCapacity = 100_000;

    /// <summary>
    /// A release is 20 slots from 17:00 to 22:00 on a day of its own from tomorrow on, which must lie
    /// within the 14 days ahead a booking may be made (<see cref="AppointmentOptions.MaxAdvance"/>).
    /// </summary>
    private const int MaxReleases = 13;

    private static readonly TimeSpan SlotLength = TimeSpan.FromMinutes(15);

    public string Name => BenchmarkName;

    public string Summary => "bookings over HTTP at a fixed arrival rate (open loop) as a slot release brings them, p99 vs pgbench -N -R";

    public async Task<int> RunAsync(BenchmarkOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Rounds >= MaxReleases)
        {
            Console.Error.WriteLine($"error: --rounds is at most {MaxReleases - 1} here: every round books a release of its own, on its own day within the 14 days bookings may be made ahead");
            return 2;
        }

        var server = new BenchmarkServer(options);
        var pgbench = new Pgbench(options);
        var connectionString = options.ConnectionString(Database);
        var loadAtStart = BenchmarkServer.LoadAverage();
        Progress($"databases: {Database} (migrated by the Host), {Pgbench.Database} (pgbench -i -s {options.Scale})");
        await server.RecreateDatabaseAsync(Database, ct);
        await server.RecreateDatabaseAsync(Pgbench.Database, ct);
        await pgbench.InitializeAsync(ct);

        await using var host = await HostUnderTest.StartAsync(connectionString, ct);
        Progress($"Host at {host.BaseAddress}");
        var warmUpSeconds = Math.Min(BookingLoad.WarmUpSeconds, options.Seconds);
        var plan = await SeedAsync(connectionString, [warmUpSeconds, .. Enumerable.Repeat(options.Seconds, options.Rounds)], options.Rate, ct);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var people = new People();
        var hostSessions = BenchmarkOptions.AsApplication(connectionString);
        var pgbenchSessions = options.ConnectionString(Pgbench.Database);

        Progress($"warm-up: {warmUpSeconds} s of each at {options.Rate}/s");
        await pgbench.SimpleUpdateAtRateAsync(options.Clients, warmUpSeconds, options.Rate, synchronousCommit: true, ct);
        var warmUp = await ReleaseAsync(http, host, plan, 0, people, options.Rate, warmUpSeconds, hostSessions, ct);
        await DrainOutboxAsync(connectionString, ct);

        var rounds = new List<Round>();
        for (var r = 1; r <= options.Rounds; r++)
        {
            var baseline = await ObserveAsync(pgbenchSessions, host, () => pgbench.SimpleUpdateAtRateAsync(options.Clients, options.Seconds, options.Rate, synchronousCommit: true, ct));
            Progress($"round {r}: pgbench p99 {baseline.Result.Latency.P99:0.0} ms ({baseline.Result.Tps:0.0} tps)");
            var measured = await ReleaseAsync(http, host, plan, r, people, options.Rate, options.Seconds, hostSessions, ct);
            var drained = await DrainOutboxAsync(connectionString, ct);
            Progress($"round {r}: bookings p99 {measured.All.P99:0.0} ms ({measured.Booked} booked, {measured.Full} full, {measured.Failed} failed of {measured.Arrivals}); emails all sent {drained.TotalSeconds:0.0} s after");
            rounds.Add(new Round(r, baseline.Result, baseline.Phase, measured, drained));
        }

        Progress($"fsync probe: pgbench at {options.Rate}/s with synchronous_commit = off");
        var probe = await ObserveAsync(pgbenchSessions, host, () => pgbench.SimpleUpdateAtRateAsync(options.Clients, options.Seconds, options.Rate, synchronousCommit: false, ct));

        var phases = rounds.Select(r => r.Bookings).Prepend(warmUp).ToList();
        var check = await CheckAsync(connectionString, plan, phases, ct);
        var machine = $"{await server.DescribeAsync(ct)}. Load average (1 min) {loadAtStart} at the start, {BenchmarkServer.LoadAverage()} at the end";
        Console.Write(Report(options, machine, pgbench, plan, rounds, probe, check));
        var failed = phases.Sum(p => p.Failed);
        if (failed > 0 || !check.Consistent)
        {
            Console.Error.WriteLine($"{failed} requests were not answered as expected; first: {phases.Select(p => p.FirstFailure).FirstOrDefault(f => f is not null)}");
            return 1;
        }

        return 0;
    }

    /// <summary>Seats of a hot slot: half of what the phase's arrivals on hot slots ask for, so the release sells out about halfway.</summary>
    private static int HotCapacity(int rate, int seconds) => Math.Max(1, (int)Math.Round(rate * seconds * BookingLoad.HotShare / BookingLoad.HotSlots / 2));

    /// <summary>
    /// A hall with one item (契税): five days from tomorrow of 15-minute slots from 9:00 to 17:00
    /// (160 slots that never fill), and a release per phase, warm-up first: 20 slots from 17:00
    /// to 22:00 on day k from tomorrow, with <see cref="HotCapacity"/> seats each.
    /// </summary>
    private static async Task<Plan> SeedAsync(string connectionString, int[] releaseSeconds, int rate, CancellationToken ct)
    {
        await using var db = BookingLoad.Open(connectionString);
        var (hall, item) = await BookingLoad.SeedHallAsync(db, ct);
        var tomorrow = ChinaTime.DateOf(TimeProvider.System.GetUtcNow()).AddDays(1);
        var cold = Enumerable.Range(0, 5)
            .Select(d => new AppointmentSession(hall, item.Id, "日常场次", tomorrow.AddDays(d), new TimeOnly(9, 0), new TimeOnly(17, 0), SlotLength, ColdCapacity, isWorkingDay: true))
            .ToList();
        var releases = releaseSeconds
            .Select((seconds, d) => new AppointmentSession(hall, item.Id, "放号场次", tomorrow.AddDays(d), new TimeOnly(17, 0), new TimeOnly(22, 0), SlotLength, HotCapacity(rate, seconds), isWorkingDay: true))
            .ToList();
        db.AddRange([.. cold, .. releases]);
        await db.SaveChangesAsync(ct);
        return new Plan(
            item.Id,
            [.. cold.SelectMany(s => s.Slots).Select(s => s.Id)],
            [.. releases.Select(r => r.Slots.Select(s => s.Id).ToArray())],
            [.. releaseSeconds.Select(s => HotCapacity(rate, s))]);
    }

    /// <summary>
    /// One release, open loop: the arrivals are drawn first, Poisson at <paramref name="rate"/> a
    /// second (exponential gaps, as pgbench <c>-R</c> draws them) for <paramref name="seconds"/>,
    /// each with its slot; then each is sent at its instant, without waiting for earlier answers,
    /// and timed from that instant to its whole answer.
    /// </summary>
    private static async Task<ReleaseResult> ReleaseAsync(HttpClient http, HostUnderTest host, Plan plan, int release, People people, int rate, int seconds, string sessions, CancellationToken ct)
    {
        var random = new Random(release);
        double Gap() => -Math.Log(1 - random.NextDouble()) / rate;
        var hot = plan.Releases[release];
        var arrivals = new List<Arrival>();
        for (var at = Gap(); at < seconds; at += Gap())
        {
            arrivals.Add(random.NextDouble() < BookingLoad.HotShare ? new(at, hot[random.Next(hot.Length)], Hot: true) : new(at, plan.Cold[random.Next(plan.Cold.Length)], Hot: false));
        }

        var observed = await ObserveAsync(sessions, host, async () =>
        {
            var (hostCpu, ownCpu) = (host.CpuTime, Process.GetCurrentProcess().TotalProcessorTime);
            var answers = new Task<Answer>[arrivals.Count];
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < arrivals.Count; i++)
            {
                var arrival = arrivals[i];
                var due = start + (long)(arrival.At * Stopwatch.Frequency);

                // Never before its instant (a timer rounds down below a millisecond); a late send is the request's own delay.
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), ct);
                }

                answers[i] = Task.Run(() => AnswerAsync(http, people, plan.ItemId, arrival, due, ct), ct);
            }

            var done = await Task.WhenAll(answers);
            var elapsed = Stopwatch.GetElapsedTime(start);
            return (done, elapsed, HostCpu: host.CpuTime - hostCpu, OwnCpu: Process.GetCurrentProcess().TotalProcessorTime - ownCpu);
        });
        var (answered, span, hostCpuUsed, ownCpuUsed) = observed.Result;
        var answeredOk = answered.Where(a => a.Outcome != BookingOutcome.Failed).ToList();
        return new ReleaseResult(
            release,
            answered.Length,
            answered.Count(a => a.Arrival.Hot),
            answered.Count(a => a.Outcome == BookingOutcome.Booked),
            answered.Count(a => a.Arrival.Hot && a.Outcome == BookingOutcome.Booked),
            answered.Count(a => a.Outcome == BookingOutcome.Full),
            answered.Count(a => a.Outcome == BookingOutcome.Failed),
            span.TotalSeconds,
            LatencySummary.Of(answeredOk.Select(a => a.Ms)),
            LatencySummary.Of(answeredOk.Where(a => a.Outcome == BookingOutcome.Booked).Select(a => a.Ms)),
            LatencySummary.Of(answeredOk.Where(a => a.Outcome == BookingOutcome.Full).Select(a => a.Ms)),
            LatencySummary.Of(answered.Select(a => a.SendLagMs)),
            answered.Where(a => a.Arrival.Hot && a.Outcome == BookingOutcome.Booked).Select(a => a.Arrival.At).DefaultIfEmpty(double.NaN).Max(),
            hostCpuUsed.TotalSeconds / span.TotalSeconds,
            ownCpuUsed.TotalSeconds / span.TotalSeconds,
            hostCpuUsed.TotalMilliseconds / Math.Max(1, answered.Length),
            observed.Phase,
            answered.Select(a => a.Failure).FirstOrDefault(f => f is not null));
    }

    private static async Task<Answer> AnswerAsync(HttpClient http, People people, int itemId, Arrival arrival, long due, CancellationToken ct)
    {
        var sent = Stopwatch.GetTimestamp();
        (BookingOutcome Outcome, string? Failure) answer;
        try
        {
            answer = await BookingLoad.PostAsync(http, people, itemId, arrival.Slot, ct);
        }
        catch (HttpRequestException ex)
        {
            answer = (BookingOutcome.Failed, ex.Message);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            answer = (BookingOutcome.Failed, $"no answer within {http.Timeout.TotalSeconds:0} s: {ex.Message}");
        }

        var end = Stopwatch.GetTimestamp();
        return new(arrival, answer.Outcome, Stopwatch.GetElapsedTime(due, end).TotalMilliseconds, Stopwatch.GetElapsedTime(due, sent).TotalMilliseconds, answer.Failure);
    }

    /// <summary>
    /// Waits until the Host has sent every confirmation email the release owed (the outbox has no
    /// unsent row), so that the next phase, pgbench's in particular, does not share the cores with
    /// the Host's dispatcher, Hangfire and maildev finishing the last one's mail; how long that took.
    /// </summary>
    private static async Task<TimeSpan> DrainOutboxAsync(string connectionString, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        while (await BookingLoad.CountAsync(connection, "SELECT count(*) FROM wf.outbox WHERE sent_at IS NULL", ct) > 0)
        {
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(10))
            {
                throw new InvalidOperationException("The Host had not sent the confirmation emails 10 minutes after the release: see its [host] lines.");
            }

            await Task.Delay(200, ct);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Runs <paramref name="run"/> while sampling the machine's CPU and what the sessions of <paramref name="sessions"/>' database wait for.</summary>
    private static async Task<(T Result, Phase Phase)> ObserveAsync<T>(string sessions, HostUnderTest host, Func<Task<T>> run)
    {
        using var sampler = WaitSampler.Start(sessions);
        var load = BenchmarkServer.LoadAverage();
        var cpu = CpuReading.Read(host.ProcessId);
        var result = await run();
        var shares = CpuReading.Read(host.ProcessId).Since(cpu);
        return (result, new Phase(load, shares, await sampler.StopAsync()));
    }

    private static async Task<Check> CheckAsync(string connectionString, Plan plan, List<ReleaseResult> phases, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        Task<long> CountAsync(string sql, params object[] values) => BookingLoad.CountAsync(connection, sql, ct, values);
        var hot = plan.Releases.SelectMany(r => r).ToArray();
        return new Check(
            phases.Sum(p => (long)p.Booked),
            await CountAsync("SELECT count(*) FROM appointments.bookings WHERE active"),
            await CountAsync("SELECT count(*) FROM appointments.slots WHERE booked > capacity"),
            await CountAsync("SELECT count(*) FROM appointments.slots s WHERE (SELECT count(*) FROM appointments.bookings b WHERE b.slot_id = s.id AND b.active) > s.capacity"),
            await CountAsync("SELECT count(*) FROM appointments.slots s WHERE booked <> (SELECT count(*) FROM appointments.bookings b WHERE b.slot_id = s.id AND b.active)"),
            await CountAsync("SELECT count(*) FROM wf.instances WHERE definition_name = $1", AppointmentWorkflow.Name),
            await CountAsync("SELECT count(*) FROM wf.outbox WHERE template = 'appointment.confirmed'"),
            plan.Releases.Select((slots, i) => (long)slots.Length * plan.HotCapacities[i]).Sum(),
            await CountAsync("SELECT coalesce(sum(booked), 0) FROM appointments.slots WHERE id = ANY($1)", hot),
            phases.Sum(p => (long)p.HotBooked),
            phases.Sum(p => (long)p.Full),
            phases.Sum(p => (long)(p.HotArrivals - p.HotBooked)));
    }

    private static string Report(BenchmarkOptions options, string machine, Pgbench pgbench, Plan plan, List<Round> rounds, (PgbenchRateResult Result, Phase Phase) probe, Check check)
    {
        var inv = CultureInfo.InvariantCulture;
        var baselineP99 = Stats.Median(rounds.Select(r => r.Baseline.Latency.P99));
        var p99 = Stats.Median(rounds.Select(r => r.Bookings.All.P99));
        var ratio = p99 / baselineP99;
        var met = p99 <= P99TargetMs && ratio <= P99RatioTarget && check.OverbookedByRows == 0 && check.OverbookedByCounter == 0;
        var hotCapacity = plan.HotCapacities[^1];
        var text = new StringBuilder();
        text.AppendLine("## Bookings open loop (a slot release) vs pgbench -N -R");
        text.AppendLine();
        text.AppendLine(inv, $"Measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC with `{options.Command}`.");
        text.AppendLine();
        text.AppendLine(inv, $"- Machine: {machine}.");
        text.AppendLine(inv, $"- Arrivals: {options.Rate} a second for {options.Seconds} s, Poisson (exponential gaps, drawn before the run, as `pgbench -R` draws its schedule), "
            + $"{BookingLoad.HotShare:P0} on the {BookingLoad.HotSlots} slots of a release of its own per round ({hotCapacity} seats each: half of what is asked of them, so they sell out about halfway), "
            + $"the rest over {plan.Cold.Length} slots that never fill ({ColdCapacity:N0} seats). Each arrival is sent at its instant whatever the earlier ones got, over at most "
            + $"{options.Clients} HTTP/1.1 connections, and timed from that instant (not from when it was sent) to its whole answer; 201 and 409 “该时段已约满” are both answers.");
        text.AppendLine(inv, $"- Bookings: the Host as its own process (`dotnet Host.dll`, Release, log level Warning) on database `{Database}`, `POST /api/appointments` as a citizen's browser or app sends it, "
            + $"each for a new person: the same path and code as the closed-loop `bookings` (validation, the slot and the person's no-shows in one query, the runtime's batch with the booking, "
            + $"instance, ledger line, no-show timer, confirmation email in the outbox, and the seat taken by the statement before `COMMIT`, refused by the check constraint when the slot is full).");
        text.AppendLine(inv, $"- Baseline: `{pgbench.DescribeAtRate(options.Clients, options.Seconds, options.Rate)}` in database `{Pgbench.Database}`; latency from its log, from each transaction's "
            + $"scheduled start (schedule lag included), each client's first transaction left out.");
        text.AppendLine(inv, $"- Rounds run alternately (pgbench, then bookings) after {Math.Min(BookingLoad.WarmUpSeconds, options.Seconds)} s of warm-up of each (its own release). CPU: the whole machine's, from "
            + $"`/proc/stat` (both cores, every process, other people's work included); waits: `pg_stat_activity` of the side's database sampled every 50 ms.");
        text.AppendLine();
        text.AppendLine("| round | side | answered | per second | booked | refused (full) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | p99 ratio |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rounds)
        {
            var (b, l) = (r.Bookings, r.Baseline.Latency);
            text.AppendLine(inv, $"| {r.Number} | pgbench | {l.Count} | {r.Baseline.Tps:0.0} | | | {l.P50:0.00} | {l.P95:0.00} | {l.P99:0.00} | {l.Max:0.0} | |");
            text.AppendLine(inv, $"| {r.Number} | bookings | {b.Arrivals - b.Failed} | {(b.Arrivals - b.Failed) / b.Seconds:0.0} | {b.Booked} | {b.Full} | {b.All.P50:0.00} | {b.All.P95:0.00} | {b.All.P99:0.00} | {b.All.Max:0.0} | {b.All.P99 / l.P99:0.00} |");
        }

        text.AppendLine(inv, $"| **median** | pgbench | | | | | {Stats.Median(rounds.Select(r => r.Baseline.Latency.P50)):0.00} | {Stats.Median(rounds.Select(r => r.Baseline.Latency.P95)):0.00} | **{baselineP99:0.00}** | {Stats.Median(rounds.Select(r => r.Baseline.Latency.Max)):0.0} | |");
        text.AppendLine(inv, $"| **median** | bookings | | | | | {Stats.Median(rounds.Select(r => r.Bookings.All.P50)):0.00} | {Stats.Median(rounds.Select(r => r.Bookings.All.P95)):0.00} | **{p99:0.00}** | {Stats.Median(rounds.Select(r => r.Bookings.All.Max)):0.0} | **{ratio:0.00}** |");
        text.AppendLine();
        text.AppendLine(inv, $"Bookings p99 (median of rounds): **{p99:0.0} ms** (target ≤ {P99TargetMs:0} ms), **{ratio:0.00}×** pgbench's {baselineP99:0.0} ms at the same rate (target ≤ {P99RatioTarget:0}×); "
            + $"overbooked slots **{Math.Max(check.OverbookedByRows, check.OverbookedByCounter)}** (target 0). Verdict: **{(met ? "met" : "NOT met")}**.");
        text.AppendLine();
        text.AppendLine("| round | booked p50 / p99 (ms) | refused p50 / p99 (ms) | hot slots sold out by | send lag p99 / max (ms) | Host CPU (cores) | benchmark CPU (cores) | Host CPU per answer (ms) | last email sent after the release |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rounds)
        {
            var b = r.Bookings;
            text.AppendLine(inv, $"| {b.Release} | {b.BookedLatency.P50:0.00} / {b.BookedLatency.P99:0.00} | {b.Refused.P50:0.00} / {b.Refused.P99:0.00} | {b.SoldOutBy:0.0} s | {b.SendLag.P99:0.00} / {b.SendLag.Max:0.0} | {b.HostCores:0.00} | {b.ClientCores:0.00} | {b.HostCpuPerAnswerMs:0.00} | {r.EmailsDrained.TotalSeconds:0.0} s |");
        }

        text.AppendLine();
        text.AppendLine("Send lag: how late the benchmark sent an arrival after its instant (its own share of the latency). The pgbench rounds start once the Host has sent every confirmation of the release before.");

        text.AppendLine();
        text.AppendLine("CPU, as shares of both cores' time over each phase (PostgreSQL: every `postgres` process and the backends reaped meanwhile; the benchmark with the pgbench it ran; other: everything else on the machine, other people's work):");
        text.AppendLine();
        text.AppendLine("| round | side | load (1 min) at start | busy | PostgreSQL | Host | benchmark | maildev | other | iowait | steal |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rounds)
        {
            CpuRow(text, $"{r.Number}", "pgbench", r.BaselinePhase);
            CpuRow(text, $"{r.Number}", "bookings", r.Bookings.Phase);
        }

        CpuRow(text, "probe", "pgbench, synchronous_commit off", probe.Phase);
        text.AppendLine();
        text.AppendLine("Where the server's time goes: what the database's client backends were doing, share of busy samples (active or idle in a transaction), all rounds:");
        text.AppendLine();
        text.AppendLine("| side | mean busy backends | most at once | most connections | busy samples by kind |");
        text.AppendLine("| --- | ---: | ---: | ---: | --- |");
        WaitRow(text, "pgbench", rounds.Select(r => r.BaselinePhase.Waits).ToList());
        WaitRow(text, "bookings", rounds.Select(r => r.Bookings.Phase.Waits).ToList());
        WaitRow(text, "pgbench, synchronous_commit off", [probe.Phase.Waits]);
        text.AppendLine();
        var on = rounds.Select(r => r.Baseline.Latency).ToList();
        var off = probe.Result.Latency;
        var cpu = rounds.Select(r => r.Bookings.Phase.Cpu).ToList();
        text.AppendLine(inv, $"fsync probe: the same pgbench at the same rate with `synchronous_commit = off`: p50 {off.P50:0.00} ms, p99 {off.P99:0.00} ms, max {off.Max:0.0} ms, CPU busy {probe.Phase.Cpu.Busy:P0} "
            + $"(with it on, medians of the rounds: p50 {Stats.Median(on.Select(l => l.P50)):0.00} ms, p99 {baselineP99:0.00} ms). "
            + $"Limit: {Limit(Stats.Median(cpu.Select(c => c.Busy)), Stats.Median(cpu.Select(c => c.Other)), Stats.Median(cpu.Select(c => c.IoWait)), baselineP99, off.P99)}.");
        text.AppendLine();
        text.AppendLine("| check | expected | found | |");
        text.AppendLine("| --- | ---: | ---: | --- |");
        Row(text, "active bookings = 201 answers seen by the clients", check.Booked, check.ActiveBookings);
        Row(text, "slots whose active bookings exceed their seats (from the booking rows)", 0, check.OverbookedByRows);
        Row(text, "slots whose seat count exceeds their seats", 0, check.OverbookedByCounter);
        Row(text, "slots whose seat count differs from their active bookings", 0, check.Miscounted);
        Row(text, "appointment workflow instances = bookings", check.Booked, check.Instances);
        Row(text, "confirmation emails in the outbox = bookings", check.Booked, check.Confirmations);
        Row(text, "hot seats taken = hot seats (every release sold out)", check.HotSeats, check.HotTaken);
        Row(text, "hot seats taken = hot bookings seen by the clients", check.HotBookedSeen, check.HotTaken);
        Row(text, "409 “该时段已约满” = hot arrivals not booked", check.RefusalsExpected, check.Refusals);
        return text.ToString();
    }

    /// <summary>What bounded the latency, judged from the machine's CPU during the bookings (medians of the rounds) and the fsync probe.</summary>
    private static string Limit(double busy, double other, double ioWait, double p99On, double p99Off) =>
        busy >= 0.9 ? $"CPU (both cores {busy:P0} busy during the bookings, {other:P0} of it other work on the machine; iowait {ioWait:P0})"
        : p99Off < p99On / 2 ? $"the disk's fsync (pgbench's p99 halves without waiting for the WAL flush; CPU {busy:P0} busy during the bookings, {other:P0} of it other work; iowait {ioWait:P0})"
        : $"neither the cores nor the disk saturated (CPU {busy:P0} busy during the bookings, {other:P0} of it other work; iowait {ioWait:P0}; pgbench's p99 moves little without the WAL flush)";

    private static void CpuRow(StringBuilder text, string round, string side, Phase phase)
    {
        var c = phase.Cpu;
        text.AppendLine(CultureInfo.InvariantCulture, $"| {round} | {side} | {phase.Load} | {c.Busy:P0} | {c.Postgres:P0} | {c.Host:P0} | {c.Benchmark:P0} | {c.Maildev:P0} | {c.Other:P0} | {c.IoWait:P0} | {c.Steal:P0} |");
    }

    private static void WaitRow(StringBuilder text, string side, List<WaitSamples> waits)
    {
        var counts = waits.SelectMany(w => w.Counts).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value));
        var merged = new WaitSamples(waits.Sum(w => w.Samples), counts, waits.Sum(w => w.MeanBusy * w.Samples) / Math.Max(1, waits.Sum(w => w.Samples)), waits.Max(w => w.MaxBusy), waits.Max(w => w.MaxConnections));
        var kinds = string.Join(", ", merged.Shares().Take(6).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Kind} {s.Share:P0}")));
        text.AppendLine(CultureInfo.InvariantCulture, $"| {side} | {merged.MeanBusy:0.00} | {merged.MaxBusy} | {merged.MaxConnections} | {kinds} |");
    }

    private static void Row(StringBuilder text, string check, long expected, long found) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {check} | {expected} | {found} | {(expected == found ? "ok" : "**MISMATCH**")} |");

    private static void Progress(string message) => Console.Error.WriteLine($"[{BenchmarkName}] {message}");

    /// <summary>The item, the slots that never fill, and per release (warm-up first) its hot slots and their seats.</summary>
    private sealed record Plan(int ItemId, int[] Cold, int[][] Releases, int[] HotCapacities);

    /// <summary>An arrival: seconds after the phase starts, the slot asked for, whether it is one of the release's.</summary>
    private sealed record Arrival(double At, int Slot, bool Hot);

    private sealed record Answer(Arrival Arrival, BookingOutcome Outcome, double Ms, double SendLagMs, string? Failure);

    /// <summary>How busy the machine was while a phase ran: the load average at its start, CPU shares, the database's waits.</summary>
    private sealed record Phase(string Load, CpuShares Cpu, WaitSamples Waits);

    /// <summary>A round: pgbench, then the release, and how long the Host took after the release to send its last confirmation.</summary>
    private sealed record Round(int Number, PgbenchRateResult Baseline, Phase BaselinePhase, ReleaseResult Bookings, TimeSpan EmailsDrained);

    private sealed record ReleaseResult(
        int Release,
        int Arrivals,
        int HotArrivals,
        int Booked,
        int HotBooked,
        int Full,
        int Failed,
        double Seconds,
        LatencySummary All,
        LatencySummary BookedLatency,
        LatencySummary Refused,
        LatencySummary SendLag,
        double SoldOutBy,
        double HostCores,
        double ClientCores,
        double HostCpuPerAnswerMs,
        Phase Phase,
        string? FirstFailure);

    private sealed record Check(
        long Booked,
        long ActiveBookings,
        long OverbookedByCounter,
        long OverbookedByRows,
        long Miscounted,
        long Instances,
        long Confirmations,
        long HotSeats,
        long HotTaken,
        long HotBookedSeen,
        long Refusals,
        long RefusalsExpected)
    {
        public bool Consistent =>
            Booked == ActiveBookings && OverbookedByCounter == 0 && OverbookedByRows == 0 && Miscounted == 0 && Instances == Booked && Confirmations == Booked
            && HotTaken == HotSeats && HotTaken == HotBookedSeen && Refusals == RefusalsExpected;
    }
}
