using System.Diagnostics;
using System.Globalization;
using System.Text;
using Governance.Benchmarks.Infrastructure;
using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall.Appointments;
using Npgsql;

namespace Governance.Benchmarks;

/// <summary>
/// Appointment bookings per second over HTTP: the Host as its own process, clients posting
/// <c>POST /api/appointments</c>, most of them on a few hot slots (everyone wants the Sunday
/// 9:00 slot), beside pgbench's simple-update at the same concurrency, run alternately. Then a
/// rush on small slots that sells them out, and a check that no slot holds more than its capacity.
/// Closed loop: each client waits for its answer before it asks again, so latency here is the
/// client count over throughput; the latency target is <see cref="OpenLoopBookingsBenchmark"/>'s.
/// </summary>
internal sealed class BookingsBenchmark : IBenchmark
{
    public const string Database = "governance_bench_http";

    public const double Target = 0.5;

    /// <summary>Seats of each measured slot: enough that none fills during the rounds, so every request books.</summary>
    private const int MeasuredCapacity = 100_000;

    private const int RushCapacity = 10;

    private const int RushRequestsPerClient = 10;

    public string Name => "bookings";

    public string Summary => "appointment bookings per second over HTTP, 80 % on 20 hot slots, vs pgbench simple-update";

    public async Task<int> RunAsync(BenchmarkOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new BenchmarkServer(options);
        var pgbench = new Pgbench(options);
        var connectionString = options.ConnectionString(Database);
        Progress($"databases: {Database} (migrated by the Host), {Pgbench.Database} (pgbench -i -s {options.Scale})");
        await server.RecreateDatabaseAsync(Database, ct);
        await server.RecreateDatabaseAsync(Pgbench.Database, ct);
        await pgbench.InitializeAsync(ct);

        await using var host = await HostUnderTest.StartAsync(connectionString, ct);
        Progress($"Host at {host.BaseAddress}");
        var plan = await SeedAsync(connectionString, ct);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var people = new People();

        // A short warm-up leaves the Host's code half-jitted (BookingLoad.WarmUpSeconds). 64 TLS
        // connections also take pgbench seconds to open on a busy machine.
        var warmUpSeconds = Math.Min(BookingLoad.WarmUpSeconds, options.Seconds);
        Progress($"warm-up: {warmUpSeconds} s of each");
        await pgbench.SimpleUpdateAsync(options.Clients, warmUpSeconds, ct);
        var warmUp = await BookAsync(http, host, plan, people, options.Clients, For(warmUpSeconds), PickMeasuredSlot, ct);

        var rounds = new List<Round>();
        for (var r = 1; r <= options.Rounds; r++)
        {
            var baseline = await pgbench.SimpleUpdateAsync(options.Clients, options.Seconds, ct);
            Progress($"round {r}: pgbench {baseline.Tps:0.0} tps");
            var measured = await BookAsync(http, host, plan, people, options.Clients, For(options.Seconds), PickMeasuredSlot, ct);
            Progress($"round {r}: {measured.Booked / measured.Seconds:0.0} bookings/s ({measured.Booked} booked, {measured.Full} full, {measured.Failures} failed)");
            rounds.Add(new Round(r, baseline, measured));
        }

        Progress($"rush: {options.Clients} clients × {RushRequestsPerClient} requests on {plan.Rush.Length} slots of {RushCapacity} seats");
        var rush = await BookAsync(http, host, plan, people, options.Clients, () => i => i < RushRequestsPerClient, PickRushSlot, ct);

        var check = await CheckAsync(connectionString, plan, warmUp.Booked + rounds.Sum(r => r.Bookings.Booked) + rush.Booked, ct);
        Console.Write(Report(options, await server.DescribeAsync(ct), pgbench, rounds, rush, check));
        var failures = warmUp.Failures + rounds.Sum(r => r.Bookings.Failures + r.Bookings.Full) + rush.Failures;
        if (failures > 0 || !check.Consistent)
        {
            Console.Error.WriteLine($"{failures} requests were not answered as expected; first: {warmUp.FirstFailure ?? rounds.Select(r => r.Bookings.FirstFailure).FirstOrDefault(f => f is not null) ?? rush.FirstFailure}");
            return 1;
        }

        return 0;
    }

    private static int PickMeasuredSlot(Plan plan) =>
        Random.Shared.NextDouble() < BookingLoad.HotShare ? plan.Hot[Random.Shared.Next(plan.Hot.Length)] : plan.Cold[Random.Shared.Next(plan.Cold.Length)];

    private static int PickRushSlot(Plan plan) => plan.Rush[Random.Shared.Next(plan.Rush.Length)];

    /// <summary>Keep going for <paramref name="seconds"/> from when the workers start.</summary>
    private static Func<Func<int, bool>> For(int seconds) => () =>
    {
        var stopAt = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        return _ => Stopwatch.GetTimestamp() < stopAt;
    };

    /// <summary>
    /// A hall with one item (契税) and, from tomorrow, five days of 15-minute slots from 9:00 to
    /// 17:00 (160 slots: 20 hot, evenly spread, and 140 cold), plus a sixth day of 20 small slots for the rush.
    /// </summary>
    private static async Task<Plan> SeedAsync(string connectionString, CancellationToken ct)
    {
        await using var db = BookingLoad.Open(connectionString);
        var (hall, item) = await BookingLoad.SeedHallAsync(db, ct);

        var tomorrow = ChinaTime.DateOf(TimeProvider.System.GetUtcNow()).AddDays(1);
        var sessions = Enumerable.Range(0, 5)
            .Select(d => new AppointmentSession(hall, item.Id, "压测场次", tomorrow.AddDays(d), new TimeOnly(9, 0), new TimeOnly(17, 0), TimeSpan.FromMinutes(15), MeasuredCapacity, isWorkingDay: true))
            .ToList();
        var rushSession = new AppointmentSession(hall, item.Id, "抢约场次", tomorrow.AddDays(5), new TimeOnly(9, 0), new TimeOnly(14, 0), TimeSpan.FromMinutes(15), RushCapacity, isWorkingDay: true);
        db.AddRange([.. sessions, rushSession]);
        await db.SaveChangesAsync(ct);

        var measured = sessions.SelectMany(s => s.Slots).OrderBy(s => s.StartsAt).Select(s => s.Id).ToArray();
        var every = measured.Length / BookingLoad.HotSlots;
        return new Plan(
            item.Id,
            [.. measured.Where((_, i) => i % every == 0).Take(BookingLoad.HotSlots)],
            [.. measured.Where((_, i) => i % every != 0 || i / every >= BookingLoad.HotSlots)],
            [.. rushSession.Slots.Select(s => s.Id)]);
    }

    /// <summary>
    /// <paramref name="clients"/> workers post bookings, each for a new person, while the
    /// condition <paramref name="start"/> returns (given the worker's request count so far) holds.
    /// </summary>
    private static async Task<BookingsResult> BookAsync(HttpClient http, HostUnderTest host, Plan plan, People people, int clients, Func<Func<int, bool>> start, Func<Plan, int> pickSlot, CancellationToken ct)
    {
        var hostCpu = host.CpuTime;
        var started = Stopwatch.GetTimestamp();
        var more = start();
        var workers = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(
            async () =>
            {
                var result = new WorkerResult();
                for (var i = 0; more(i); i++)
                {
                    var sent = Stopwatch.GetTimestamp();
                    var (outcome, failure) = await BookingLoad.PostAsync(http, people, plan.ItemId, pickSlot(plan), ct);
                    var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    switch (outcome)
                    {
                        case BookingOutcome.Booked:
                            result.LatenciesMs.Add(ms);
                            break;
                        case BookingOutcome.Full:
                            result.Full++;
                            break;
                        default:
                            result.Failures++;
                            result.FirstFailure ??= failure;
                            break;
                    }
                }

                return result;
            },
            ct)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var latencies = workers.SelectMany(w => w.LatenciesMs).Order().ToArray();
        return new(
            latencies.Length,
            workers.Sum(w => w.Full),
            workers.Sum(w => w.Failures),
            seconds,
            Stats.Percentile(latencies, 0.5),
            Stats.Percentile(latencies, 0.99),
            (host.CpuTime - hostCpu).TotalMilliseconds / Math.Max(1, latencies.Length),
            workers.Select(w => w.FirstFailure).FirstOrDefault(f => f is not null));
    }

    private static async Task<Check> CheckAsync(string connectionString, Plan plan, long booked, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        Task<long> CountAsync(string sql, params object[] values) => BookingLoad.CountAsync(connection, sql, ct, values);

        return new Check(
            booked,
            await CountAsync("SELECT count(*) FROM appointments.bookings WHERE active"),
            await CountAsync("SELECT count(*) FROM appointments.slots WHERE booked > capacity"),
            await CountAsync("SELECT count(*) FROM appointments.slots s WHERE booked <> (SELECT count(*) FROM appointments.bookings b WHERE b.slot_id = s.id AND b.active)"),
            await CountAsync("SELECT count(*) FROM wf.instances WHERE definition_name = $1", AppointmentWorkflow.Name),
            await CountAsync("SELECT count(*) FROM wf.outbox WHERE template = 'appointment.confirmed'"),
            await CountAsync("SELECT coalesce(sum(booked), 0) FROM appointments.slots WHERE id = ANY($1)", plan.Rush),
            plan.Rush.Length * RushCapacity);
    }

    private static string Report(BenchmarkOptions options, string machine, Pgbench pgbench, List<Round> rounds, BookingsResult rush, Check check)
    {
        var baseline = Stats.Median(rounds.Select(r => r.Baseline.Tps));
        var bookings = Stats.Median(rounds.Select(r => r.Bookings.Booked / r.Bookings.Seconds));
        var p99 = Stats.Median(rounds.Select(r => r.Bookings.P99Ms));
        var ratio = bookings / baseline;
        var met = ratio >= Target && check.Overbooked == 0;
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("## Bookings over HTTP vs pgbench simple-update");
        text.AppendLine();
        text.AppendLine(inv, $"Measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd} with `{options.Command}`.");
        text.AppendLine();
        text.AppendLine(inv, $"- Machine: {machine}.");
        text.AppendLine(inv, $"- Baseline: `{pgbench.Describe(options.Clients, options.Seconds)}` in database `{Pgbench.Database}`.");
        text.AppendLine(inv, $"- Bookings: the Host as its own process (`dotnet Host.dll`, Release, log level Warning) on database `{Database}`; {options.Clients} clients post "
            + $"`POST /api/appointments` over HTTP/1.1 for {options.Seconds} s, each request for a new person; {BookingLoad.HotShare:P0} of them on {BookingLoad.HotSlots} hot slots, the rest spread over "
            + $"the other 140 slots of five days (no measured slot fills: {MeasuredCapacity:N0} seats each). Every booking validates the request, checks the person's suspension "
            + $"and one-booking-a-day rule, takes a seat with a guarded UPDATE, starts the appointment workflow (instance, ledger, no-show timer) and writes the confirmation email "
            + $"to the outbox, in one transaction; the Host's dispatcher, Hangfire and MailKit send the emails to maildev meanwhile, on the same two cores.");
        text.AppendLine(inv, $"- Rounds run alternately (pgbench, then bookings), after {Math.Min(BookingLoad.WarmUpSeconds, options.Seconds)} s of warm-up of each; latency is per request, measured by the client.");
        text.AppendLine();
        text.AppendLine("| round | pgbench tps | pgbench mean latency (ms) | pgbench p99 (ms) | bookings/s | p50 (ms) | p99 (ms) | Host CPU per booking (ms) | ratio |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rounds)
        {
            var rate = r.Bookings.Booked / r.Bookings.Seconds;
            text.AppendLine(inv, $"| {r.Number} | {r.Baseline.Tps:0.0} | {r.Baseline.LatencyMs:0.00} | {r.Baseline.P99Ms:0.00} | {rate:0.0} | {r.Bookings.P50Ms:0.00} | {r.Bookings.P99Ms:0.00} | {r.Bookings.HostCpuMs:0.00} | {rate / r.Baseline.Tps:0.00} |");
        }

        text.AppendLine(inv, $"| **median** | **{baseline:0.0}** | {Stats.Median(rounds.Select(r => r.Baseline.LatencyMs)):0.00} | {Stats.Median(rounds.Select(r => r.Baseline.P99Ms)):0.00} | **{bookings:0.0}** | {Stats.Median(rounds.Select(r => r.Bookings.P50Ms)):0.00} | **{p99:0.00}** | {Stats.Median(rounds.Select(r => r.Bookings.HostCpuMs)):0.00} | **{ratio:0.00}** |");
        text.AppendLine();
        text.AppendLine(inv, $"Ratio (median bookings/s ÷ median pgbench tps): **{ratio:0.00}** (target ≥ {Target:0.00}); p99 {p99:0.0} ms (no target in a closed loop, see `bookings-open`; pgbench's own one-row update at this concurrency: "
            + $"p99 {Stats.Median(rounds.Select(r => r.Baseline.P99Ms)):0.0} ms); "
            + $"overbooked slots **{check.Overbooked}** (target 0). Verdict: **{(met ? "met" : "NOT met")}**.");
        text.AppendLine();
        text.AppendLine(inv, $"Rush: {options.Clients} clients × {RushRequestsPerClient} requests at once ({options.Clients * RushRequestsPerClient}) on {check.RushSeats} seats "
            + $"({RushCapacity} in each of 20 slots): **{rush.Booked} booked, {rush.Full} answered 409 “该时段已约满”**, {rush.Failures} other answers.");
        text.AppendLine();
        text.AppendLine("| check | expected | found | |");
        text.AppendLine("| --- | ---: | ---: | --- |");
        Row(text, "active bookings = 201 answers seen by the clients", check.Booked, check.ActiveBookings);
        Row(text, "slots holding more than their capacity", 0, check.Overbooked);
        Row(text, "slots whose seat count differs from their active bookings", 0, check.Miscounted);
        Row(text, "appointment workflow instances = bookings", check.Booked, check.Instances);
        Row(text, "confirmation emails in the outbox = bookings", check.Booked, check.Confirmations);
        Row(text, "rush seats taken = rush seats", check.RushSeats, check.RushBooked);
        return text.ToString();
    }

    private static void Row(StringBuilder text, string check, long expected, long found) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {check} | {expected} | {found} | {(expected == found ? "ok" : "**MISMATCH**")} |");

    private static void Progress(string message) => Console.Error.WriteLine($"[bookings] {message}");

    private sealed record Plan(int ItemId, int[] Hot, int[] Cold, int[] Rush);

    private sealed record Round(int Number, PgbenchResult Baseline, BookingsResult Bookings);

    private sealed record BookingsResult(long Booked, long Full, long Failures, double Seconds, double P50Ms, double P99Ms, double HostCpuMs, string? FirstFailure);

    private sealed class WorkerResult
    {
        public List<double> LatenciesMs { get; } = new(4096);

        public long Full { get; set; }

        public long Failures { get; set; }

        public string? FirstFailure { get; set; }
    }

    private sealed record Check(long Booked, long ActiveBookings, long Overbooked, long Miscounted, long Instances, long Confirmations, long RushBooked, long RushSeats)
    {
        public bool Consistent => Booked == ActiveBookings && Overbooked == 0 && Miscounted == 0 && Instances == Booked && Confirmations == Booked && RushBooked == RushSeats;
    }
}
