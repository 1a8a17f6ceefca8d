using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Governance.Benchmarks.Infrastructure;
using Governance.Engine;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Governance.Benchmarks;

/// <summary>
/// Latency of <see cref="CallNextHandler.HandleAsync"/> (叫号) with one staff member per window
/// calling concurrently over a hall whose queues hold 100,000 waiting tickets, beside pgbench
/// claiming rows of a 100,000-row table with the bare <c>FOR UPDATE SKIP LOCKED</c> pattern at
/// the same client count and think time, run alternately. Each staff member completes (办结) every
/// ticket they call in the think time that follows, untimed, as a window must before it calls again.
/// Then a check that no ticket was called twice and no window ever served two at once.
/// </summary>
internal sealed class CallNextBenchmark : IBenchmark
{
    private const int WarmUpSeconds = 10;

    public const string Database = "governance_bench_queue";

    public const string BaselineDatabase = "governance_pgbench_queue";

    public const double P99TargetMs = 25;

    /// <summary>Waiting tickets at the start of every round (topped up after each).</summary>
    private const int OpenTickets = 100_000;

    /// <summary>Of them, booked (B) tickets whose slot has begun: the first lane of the claim. The rest are walk-ins (A).</summary>
    private const int OpenBooked = 1_000;

    /// <summary>Tickets issued through <see cref="IssueTicketHandler"/> itself at set-up; the rest are written in bulk in the same shape.</summary>
    private const int IssuedByHandler = 100;

    private const int Items = 10;

    /// <summary>Window k serves items k mod 10 and (k + 1) mod 10: each item's queue is shared by 40 windows at 200 windows.</summary>
    private const int ItemsPerWindow = 2;

    /// <summary>Think time between two calls of one staff member, uniform in [0, max] ms, the same for the baseline; the completion of the ticket called is part of it.</summary>
    private const int ThinkMaxMs = 2000;

    /// <summary>The Host's pool size (Host/appsettings.json): 200 staff share it, as they would through the Host.</summary>
    private const int HostPoolSize = 60;

    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    private static readonly string[] ItemNames = ["契税", "不动产登记", "社保参保", "医保报销", "公积金提取", "营业执照", "户籍迁移", "出入境证件", "税务登记", "住房租赁备案"];

    public string Name => "call-next";

    public string Summary => "call-next (叫号) latency, 100,000 waiting tickets, one staff member per window, vs a pgbench SKIP LOCKED claim";

    public async Task<int> RunAsync(BenchmarkOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new BenchmarkServer(options);
        var connectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString(Database)) { MaxAutoPrepare = options.AutoPrepare, MaxPoolSize = Math.Min(HostPoolSize, options.Clients) }.ConnectionString;

        Progress($"databases: {Database} (EF migrations), {BaselineDatabase} (claim table of {OpenTickets:N0} rows)");
        await server.RecreateDatabaseAsync(Database, ct);
        var services = new ServiceCollection();
        services.AddPooledDbContextFactory<WorkflowDbContext>(o => o.UseGovernanceDatabase(connectionString));
        var dbFactory = services.BuildServiceProvider().GetRequiredService<IDbContextFactory<WorkflowDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.Database.MigrateAsync(ct);
        }

        await server.RecreateDatabaseAsync(BaselineDatabase, ct);
        using var baseline = new ClaimBaseline(options);
        await baseline.InitializeAsync(ct);

        var runtime = new WorkflowRuntime(new EngineContexts(dbFactory), new WorkflowRegistry([TicketWorkflow.Definition, RatingInvitationWorkflow.Definition], Roles.Catalogue), new WorkingCalendar(HolidayData.LoadEmbedded()), TimeProvider.System);
        var hall = await SeedHallAsync(dbFactory, options.Clients, ct);
        var setup = Stopwatch.StartNew();
        Progress($"{OpenTickets - IssuedByHandler:N0} tickets in bulk ({OpenBooked:N0} booked), then {IssuedByHandler} through IssueTicketHandler");
        var bulk = await BulkIssueAsync(connectionString, hall, OpenTickets - IssuedByHandler - OpenBooked, OpenBooked, ct);
        var handler = new IssueTicketHandler(runtime, Options.Create(new QueueOptions()));
        var kiosk = new Actor("bench-kiosk", "压测取号机", Roles.WindowStaff, $"hall/{hall.Id}");
        var handlerIssued = new List<Guid>();
        for (var i = 0; i < IssuedByHandler; i++)
        {
            handlerIssued.Add((await handler.HandleAsync(new IssueTicket(hall.Items[i % Items].Id, null, null, null, null), kiosk, ct)).Id);
        }

        var seedSeconds = setup.Elapsed.TotalSeconds;
        await VacuumAnalyzeAsync(options.ConnectionString(Database), ct);
        var issued = (long)bulk + IssuedByHandler;

        var callNext = new CallNextHandler(runtime);
        var serve = new ServeTicketHandler(runtime, new RatingInvitations(runtime, Options.Create(new RatingOptions())), Options.Create(new QueueOptions()));
        var staff = hall.Windows.Select((w, k) => new Staff(w.Id, new Actor($"staff-{k + 1:000}", $"{w.Code} 窗口人员", Roles.WindowStaff, w.OrgUnit))).ToArray();
        var calledIds = new HashSet<Guid>();

        // As in bookings: long enough for tiered JIT to settle and for 200 TLS connections to open.
        var warmUpSeconds = Math.Min(WarmUpSeconds, options.Seconds);
        Progress($"warm-up: {warmUpSeconds} s of each; {options.Clients} clients, think time 0–{ThinkMaxMs} ms");
        await baseline.RunAsync(options.Clients, warmUpSeconds, ct);
        var warmUp = await CallAsync(callNext, serve, staff, warmUpSeconds, calledIds, ct);
        issued += await TopUpAsync(connectionString, hall, ct);
        await baseline.TopUpAsync(ct);

        var rounds = new List<Round>();
        for (var r = 1; r <= options.Rounds; r++)
        {
            var claims = await baseline.RunAsync(options.Clients, options.Seconds, ct);
            Progress($"round {r}: pgbench claim p99 {claims.P99Ms:0.00} ms ({claims.Claims / claims.Seconds:0.0} claims/s)");
            var calls = await CallAsync(callNext, serve, staff, options.Seconds, calledIds, ct);
            Progress($"round {r}: call-next p99 {calls.P99Ms:0.00} ms ({calls.Calls / calls.Seconds:0.0} calls/s, {calls.Booked} booked, {calls.Empty} empty, {calls.Failures} failed, {calls.Refused} of them refused as still serving, {calls.Unfinished} not completed)");
            rounds.Add(new Round(r, claims, calls));
            issued += await TopUpAsync(connectionString, hall, ct);
            await baseline.TopUpAsync(ct);
        }

        var all = rounds.Select(r => r.CallNext).Prepend(warmUp).ToArray();
        var check = await CheckAsync(
            options.ConnectionString(Database), hall, issued, all.Sum(c => c.Calls), calledIds.Count, all.Sum(c => c.Booked), all.Sum(c => c.Refused), handlerIssued[0], ct);
        Console.Write(Report(options, await server.DescribeAsync(ct), hall, seedSeconds, rounds, check));

        var failures = all.Sum(c => c.Failures + c.Empty);
        var unfinished = all.Sum(c => c.Unfinished);
        if (failures + unfinished > 0)
        {
            Console.Error.WriteLine($"error: {failures} calls did not claim a ticket, {unfinished} called tickets were not completed; first: {all.Select(c => c.FirstFailure).FirstOrDefault(f => f is not null) ?? "an empty queue"}");
        }

        return failures + unfinished == 0 && check.Passed ? 0 : 1;
    }

    /// <summary>One hall, a window per client (W001…), ten items, each window serving two of them.</summary>
    private static async Task<HallPlan> SeedHallAsync(IDbContextFactory<WorkflowDbContext> dbFactory, int windows, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hall = new Hall("bench-queue", "压测政务服务中心", "压测值班领导", "lead@bench.example");
        db.Add(hall);
        await db.SaveChangesAsync(ct);
        var windowRows = Enumerable.Range(1, windows).Select(k => new ServiceWindow(hall.Id, $"W{k:000}", $"综合窗口 {k}")).ToList();
        db.AddRange(windowRows);
        await db.SaveChangesAsync(ct);
        var items = ItemNames.Select((name, j) => new ServiceItem(hall.Id, $"Q{j + 1:00}", name)).ToList();
        for (var k = 0; k < windowRows.Count; k++)
        {
            for (var n = 0; n < ItemsPerWindow; n++)
            {
                items[(k + n) % Items].Windows.Add(windowRows[k]);
            }
        }

        db.AddRange(items);
        await db.SaveChangesAsync(ct);
        return new HallPlan(hall.Id, hall.Name, [.. windowRows], [.. items]);
    }

    /// <summary>
    /// Writes tickets with binary COPY in one transaction, row for row what <c>TicketIssuer</c> writes for
    /// a ticket (its matter, its <c>queue-ticket</c> instance in Waiting, the instance's "start" ledger
    /// line, the ticket, the day's counters); issuing 100,000 one transaction at a time queues every
    /// issue on the hall's counter row, minutes of set-up. Walk-ins have no person (a one-trip matter);
    /// booked tickets carry a person, a booking id and a slot that has begun. Items round robin;
    /// issue times spread evenly up to now (booked ones among them), so every new batch joins the queues' tails.
    /// </summary>
    private static async Task<int> BulkIssueAsync(string connectionString, HallPlan hall, int walkIns, int booked, CancellationToken ct)
    {
        if (walkIns + booked == 0)
        {
            return 0;
        }

        var now = TimeProvider.System.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var midnight = ChinaTime.At(today, TimeOnly.MinValue);
        var total = walkIns + booked;
        var span = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(30).Ticks, (now - midnight).Ticks / 2));
        var step = span / total;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var (lastA, lastB) = (await LastNumberAsync(connection, hall, today, "A", ct), await LastNumberAsync(connection, hall, today, "B", ct));
        var rows = new List<BulkTicket>(total);
        var every = booked == 0 ? int.MaxValue : Math.Max(1, total / booked);
        var bookedLeft = booked;
        for (var i = 0; i < total; i++)
        {
            var isBooked = bookedLeft > 0 && (i % every == 0 || total - i == bookedLeft);
            bookedLeft -= isBooked ? 1 : 0;
            var issuedAt = now - span + (step * i);
            var item = hall.Items[i % Items];
            var n = isBooked ? ++lastB : ++lastA;
            rows.Add(new BulkTicket(Guid.CreateVersion7(issuedAt), Guid.CreateVersion7(issuedAt), item, isBooked ? TicketKind.Booked : TicketKind.WalkIn, $"{(isBooked ? "B" : "A")}{n:000}", n, issuedAt));
        }

        await using (var matters = await connection.BeginBinaryImportAsync("COPY queue.matters (id, hall_id, item_id, person_key, trips, opened_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var t in rows)
            {
                await matters.StartRowAsync(ct);
                await matters.WriteAsync(t.MatterId, NpgsqlDbType.Uuid, ct);
                await matters.WriteAsync(hall.Id, NpgsqlDbType.Integer, ct);
                await matters.WriteAsync(t.Item.Id, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(matters, t.Person?.Key, NpgsqlDbType.Varchar, ct);
                await matters.WriteAsync(1, NpgsqlDbType.Integer, ct);
                await matters.WriteAsync(t.IssuedAt, NpgsqlDbType.TimestampTz, ct);
            }

            await matters.CompleteAsync(ct);
        }

        await using (var instances = await connection.BeginBinaryImportAsync(
            "COPY wf.instances (id, definition_name, definition_version, state, org_unit, title, data, version, created_at, updated_at, state_entered_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var t in rows)
            {
                var data = new TicketData(hall.Id, hall.Name, t.Number, t.Kind, t.Item.Id, t.Item.Name, t.Person?.Reference, t.Person?.Name, t.Person?.Email, new QueueOptions().NoShowAfter);
                await instances.StartRowAsync(ct);
                await instances.WriteAsync(t.Id, NpgsqlDbType.Uuid, ct);
                await instances.WriteAsync(TicketWorkflow.Name, NpgsqlDbType.Varchar, ct);
                await instances.WriteAsync(TicketWorkflow.Definition.Version, NpgsqlDbType.Integer, ct);
                await instances.WriteAsync(TicketWorkflow.Waiting, NpgsqlDbType.Varchar, ct);
                await instances.WriteAsync(TicketWorkflow.OrgUnitOf(hall.Id, t.Item.Id), NpgsqlDbType.Varchar, ct);
                await instances.WriteAsync($"{t.Number} {t.Item.Name}", NpgsqlDbType.Varchar, ct);
                await instances.WriteAsync(JsonSerializer.Serialize(data, DataJson), NpgsqlDbType.Jsonb, ct);
                await instances.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await instances.WriteAsync(t.IssuedAt, NpgsqlDbType.TimestampTz, ct);
                await instances.WriteAsync(t.IssuedAt, NpgsqlDbType.TimestampTz, ct);
                await instances.WriteAsync(t.IssuedAt, NpgsqlDbType.TimestampTz, ct);
            }

            await instances.CompleteAsync(ct);
        }

        await using (var ledger = await connection.BeginBinaryImportAsync(
            "COPY wf.ledger (instance_id, version, kind, trigger, from_state, to_state, actor_id, actor_name, actor_role, at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var t in rows)
            {
                // A walk-in is issued by a kiosk or staff of the hall; a booked ticket by its citizen's check-in.
                var (actorId, actorName, actorRole) = t.Person is { } p ? ($"citizen:{p.Key[..12]}", p.Name, Roles.Citizen) : ("bench-kiosk", "压测取号机", Roles.WindowStaff);
                await ledger.StartRowAsync(ct);
                await ledger.WriteAsync(t.Id, NpgsqlDbType.Uuid, ct);
                await ledger.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await ledger.WriteAsync(nameof(LedgerKind.Started), NpgsqlDbType.Varchar, ct);
                await ledger.WriteAsync("start", NpgsqlDbType.Varchar, ct);
                await ledger.WriteAsync("", NpgsqlDbType.Varchar, ct);
                await ledger.WriteAsync(TicketWorkflow.Waiting, NpgsqlDbType.Varchar, ct);
                await ledger.WriteAsync(actorId, NpgsqlDbType.Varchar, ct);
                await ledger.WriteAsync(actorName, NpgsqlDbType.Varchar, ct);
                await ledger.WriteAsync(actorRole, NpgsqlDbType.Varchar, ct);
                await ledger.WriteAsync(t.IssuedAt, NpgsqlDbType.TimestampTz, ct);
            }

            await ledger.CompleteAsync(ct);
        }

        await using (var tickets = await connection.BeginBinaryImportAsync(
            """
            COPY queue.tickets (id, hall_id, date, number, kind, item_id, queue, booking_id, slot_starts_at, matter_id, trip, name, phone, id_number_masked, email,
                state, issued_at, queue_key, waiting_since, waiting_time, service_time, recalls, set_aside_count) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var t in rows)
            {
                await tickets.StartRowAsync(ct);
                await tickets.WriteAsync(t.Id, NpgsqlDbType.Uuid, ct);
                await tickets.WriteAsync(hall.Id, NpgsqlDbType.Integer, ct);
                await tickets.WriteAsync(today, NpgsqlDbType.Date, ct);
                await tickets.WriteAsync(t.Number, NpgsqlDbType.Varchar, ct);
                await tickets.WriteAsync(t.Kind.ToString(), NpgsqlDbType.Varchar, ct);
                await tickets.WriteAsync(t.Item.Id, NpgsqlDbType.Integer, ct);
                await tickets.WriteAsync(Ticket.ItemQueue(t.Item.Id), NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(tickets, t.Person?.BookingId, NpgsqlDbType.Uuid, ct);
                await WriteNullableAsync(tickets, t.Person is null ? null : t.SlotStartsAt(now), NpgsqlDbType.TimestampTz, ct);
                await tickets.WriteAsync(t.MatterId, NpgsqlDbType.Uuid, ct);
                await tickets.WriteAsync(1, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(tickets, t.Person?.Name, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(tickets, t.Person?.Phone, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(tickets, t.Person is { } p ? PersonalData.MaskIdNumber(p.IdNumber) : null, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(tickets, t.Person?.Email, NpgsqlDbType.Varchar, ct);
                await tickets.WriteAsync(TicketWorkflow.Waiting, NpgsqlDbType.Varchar, ct);
                await tickets.WriteAsync(t.IssuedAt, NpgsqlDbType.TimestampTz, ct);
                await tickets.WriteAsync(t.IssuedAt, NpgsqlDbType.TimestampTz, ct);
                await tickets.WriteAsync(t.IssuedAt, NpgsqlDbType.TimestampTz, ct);
                await tickets.WriteAsync(TimeSpan.Zero, NpgsqlDbType.Interval, ct);
                await tickets.WriteAsync(TimeSpan.Zero, NpgsqlDbType.Interval, ct);
                await tickets.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await tickets.WriteAsync(0, NpgsqlDbType.Integer, ct);
            }

            await tickets.CompleteAsync(ct);
        }

        await using (var counters = new NpgsqlCommand(
            """
            INSERT INTO queue.ticket_counters (hall_id, date, prefix, last) VALUES ($1, $2, 'A', $3), ($1, $2, 'B', $4)
            ON CONFLICT (hall_id, date, prefix) DO UPDATE SET last = excluded.last
            """, connection, tx))
        {
            counters.Parameters.Add(new() { Value = hall.Id });
            counters.Parameters.Add(new() { Value = today });
            counters.Parameters.Add(new() { Value = lastA });
            counters.Parameters.Add(new() { Value = lastB });
            await counters.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return total;
    }

    private static async Task<int> LastNumberAsync(NpgsqlConnection connection, HallPlan hall, DateOnly today, string prefix, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT last FROM queue.ticket_counters WHERE hall_id = $1 AND date = $2 AND prefix = $3 FOR UPDATE", connection);
        command.Parameters.Add(new() { Value = hall.Id });
        command.Parameters.Add(new() { Value = today });
        command.Parameters.Add(new() { Value = prefix });
        return await command.ExecuteScalarAsync(ct) is int last ? last : 0;
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, object? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, type, ct);

    /// <summary>Brings the queues back to <see cref="OpenTickets"/> waiting tickets, <see cref="OpenBooked"/> of them booked, so every round starts alike.</summary>
    private static async Task<int> TopUpAsync(string connectionString, HallPlan hall, CancellationToken ct)
    {
        long waitingWalkIns, waitingBooked;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT count(*) FILTER (WHERE kind = 'WalkIn'), count(*) FILTER (WHERE kind = 'Booked') FROM queue.tickets WHERE state = 'Waiting'", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (waitingWalkIns, waitingBooked) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        return await BulkIssueAsync(connectionString, hall, (int)Math.Max(0, OpenTickets - OpenBooked - waitingWalkIns), (int)Math.Max(0, OpenBooked - waitingBooked), ct);
    }

    private static async Task VacuumAnalyzeAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE queue.tickets, queue.matters, queue.ticket_counters, wf.instances, wf.ledger, hall.windows, hall.service_items, hall.window_items", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Each staff member calls next at their own window, completes the ticket and thinks 0–<see cref="ThinkMaxMs"/> ms in all, and calls again, until the time is up.</summary>
    private static async Task<CallsResult> CallAsync(CallNextHandler handler, ServeTicketHandler serve, Staff[] staff, int seconds, HashSet<Guid> calledIds, CancellationToken ct)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (seconds * Stopwatch.Frequency);
        var workers = await Task.WhenAll(staff.Select(s => Task.Run(() => StaffAsync(handler, serve, s, stopAt, ct), ct)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        cpu = Environment.CpuUsage.TotalTime - cpu;
        foreach (var id in workers.SelectMany(w => w.Called))
        {
            if (!calledIds.Add(id))
            {
                Console.Error.WriteLine($"error: ticket {id} was handed to two calls");
            }
        }

        var latencies = workers.SelectMany(w => w.LatenciesMs).Order().ToArray();
        return new(
            latencies.Length,
            workers.Sum(w => w.Booked),
            elapsed.TotalSeconds,
            Stats.Percentile(latencies, 0.5),
            Stats.Percentile(latencies, 0.99),
            latencies.Length == 0 ? double.NaN : latencies[^1],
            cpu.TotalMilliseconds / Math.Max(1, latencies.Length),
            workers.Sum(w => w.Empty),
            workers.Sum(w => w.Failures),
            workers.Sum(w => w.Refused),
            workers.Sum(w => w.Unfinished),
            workers.Select(w => w.FirstFailure).FirstOrDefault(f => f is not null));
    }

    /// <summary>
    /// One window's staff: 叫号 (timed), then, untimed, 办结 of the ticket called and the rest of a think
    /// time drawn before it, so the completion does not lengthen the time between two calls. A call
    /// refused because the window still serves a ticket cannot happen while every completion
    /// succeeds; should one, it is a failure like any other, not a crash.
    /// </summary>
    private static async Task<WorkerResult> StaffAsync(CallNextHandler handler, ServeTicketHandler serve, Staff staff, long stopAt, CancellationToken ct)
    {
        var result = new WorkerResult();

        // Start at a random point of a think time, so the 200 do not all press at the same instant every round.
        await Task.Delay(Random.Shared.Next(ThinkMaxMs + 1), ct);
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var started = Stopwatch.GetTimestamp();
            TicketView? ticket = null;
            try
            {
                ticket = await handler.HandleAsync(staff.WindowId, staff.Actor, ct);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (ticket is null)
                {
                    result.Empty++;
                }
                else
                {
                    result.LatenciesMs.Add(ms);
                    result.Called.Add(ticket.Id);
                    result.Booked += ticket.Kind == TicketKind.Booked ? 1 : 0;
                }
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                result.Failures++;
                result.Refused += ex is RuleViolationException ? 1 : 0;
                result.FirstFailure ??= ex.ToString();
            }

            var thinking = Stopwatch.GetTimestamp();
            var think = TimeSpan.FromMilliseconds(Random.Shared.Next(ThinkMaxMs + 1));
            if (ticket is not null)
            {
                try
                {
                    await serve.CompleteAsync(new CompleteTicket(ticket.Id, null, ticket.Version), staff.Actor, ct);
                }
                catch (Exception ex) when (IsFailure(ex))
                {
                    result.Unfinished++;
                    result.FirstFailure ??= ex.ToString();
                }
            }

            var left = think - Stopwatch.GetElapsedTime(thinking);
            await Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
        }

        return result;
    }

    /// <summary>What a call or a completion may meet under load or from the rules: counted, never thrown out of a staff loop.</summary>
    private static bool IsFailure(Exception ex) =>
        ex is DbUpdateException or NpgsqlException or InvalidOperationException or TransitionRefusedException or UnauthorizedAccessException
            or RuleViolationException or RequestValidationException;

    private static async Task<Check> CheckAsync(
        string connectionString, HallPlan hall, long issued, long called, long distinctCalled, long booked, long refused, Guid handlerIssued, CancellationToken ct)
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

        return new Check(
            issued,
            called,
            distinctCalled,
            booked,
            refused,
            await CountAsync("SELECT count(*) FROM queue.tickets WHERE state = 'Completed'"),
            await CountAsync("SELECT count(*) FROM queue.tickets WHERE state IN ('Called', 'Serving')"),
            await CountAsync("SELECT count(*) FROM wf.ledger WHERE kind = 'Transition' AND trigger = 'call'"),
            await CountAsync("SELECT count(*) FROM wf.ledger WHERE kind = 'Transition' AND trigger = 'complete'"),
            await CountAsync("SELECT count(*) FROM (SELECT instance_id FROM wf.ledger WHERE trigger = 'call' GROUP BY instance_id HAVING count(*) > 1) twice"),
            await CountAsync("SELECT count(*) FROM wf.instances WHERE definition_name = $1 AND state = 'Completed' AND version = 2", TicketWorkflow.Name),
            await CountAsync("SELECT count(*) FROM queue.tickets t JOIN wf.instances i ON i.id = t.id WHERE i.state <> t.state"),
            await CountAsync(
                """
                SELECT count(*) FROM queue.tickets t WHERE t.window_id IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM hall.window_items wi WHERE wi.window_id = t.window_id AND wi.item_id = t.item_id)
                """),
            // Over the whole run, not only at its end: at every window, each ticket is called after the one before it there was finished.
            await CountAsync(
                """
                SELECT count(*) FROM (
                    SELECT called_at, lag(id) OVER w AS previous, lag(finished_at) OVER w AS previous_finished_at
                    FROM queue.tickets WHERE called_at IS NOT NULL
                    WINDOW w AS (PARTITION BY window_id ORDER BY called_at)) s
                WHERE previous IS NOT NULL AND (previous_finished_at IS NULL OR called_at < previous_finished_at)
                """),
            await CountAsync("SELECT count(*) FROM queue.matters WHERE completed_at IS NOT NULL"),
            await CountAsync("SELECT count(*) FROM ratings.ratings"),
            await CountAsync("SELECT count(*) FROM queue.tickets"),
            await CountAsync("SELECT count(*) FROM queue.tickets WHERE state IN ('Waiting', 'Completed')"),
            await CountAsync("SELECT count(*) FROM wf.instances WHERE definition_name = $1", TicketWorkflow.Name),
            await CountAsync("SELECT count(*) FROM wf.ledger l JOIN wf.instances i ON i.id = l.instance_id WHERE l.kind = 'Started' AND i.definition_name = $1", TicketWorkflow.Name),
            await CountAsync(
                """
                SELECT count(*) FROM wf.instances i
                WHERE i.definition_name = $1
                  AND ARRAY(SELECT k FROM jsonb_object_keys(i.data) k ORDER BY k)
                   <> ARRAY(SELECT k FROM wf.instances r, jsonb_object_keys(r.data) k WHERE r.id = $2 ORDER BY k)
                """,
                TicketWorkflow.Name, handlerIssued),
            await CountAsync("SELECT count(*) FROM queue.tickets WHERE hall_id = $1 AND state = 'Waiting'", hall.Id));
    }

    private static string Report(BenchmarkOptions options, string machine, HallPlan hall, double seedSeconds, List<Round> rounds, Check check)
    {
        var p99 = Stats.Median(rounds.Select(r => r.CallNext.P99Ms));
        var baselineP99 = Stats.Median(rounds.Select(r => r.Baseline.P99Ms));
        var ratio = p99 / baselineP99;
        var met = p99 <= P99TargetMs && check.DoubleClaims == 0;
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("## Call next");
        text.AppendLine();
        text.AppendLine(inv, $"Measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd} with `{options.Command}`.");
        text.AppendLine();
        text.AppendLine(inv, $"- Machine: {machine}.");
        text.AppendLine(inv, $"- Call next: `CallNextHandler.HandleAsync` in process on database `{Database}` (EF migrations), the runtime wired by hand as the Host wires it "
            + $"(pooled `DbContext`s, Max Auto Prepare = {options.AutoPrepare}, Maximum Pool Size = {Math.Min(HostPoolSize, options.Clients)} as in `Host/appsettings.json`, `TimeProvider.System`: "
            + $"nothing in the queue reads the calendar or hall hours). One hall, {hall.Windows.Length} windows, {Items} items; window k serves items k mod {Items} and "
            + $"k + 1 mod {Items}, so {hall.Windows.Length * ItemsPerWindow / Items} windows share each item's queue. {options.Clients} staff, one per window, "
            + $"each calls next, thinks 0–{ThinkMaxMs} ms (uniform) and calls again. A window serves one ticket at a time (叫号 while it serves is refused, and a unique "
            + $"index on the serving ticket's window holds two calls at once apart), so each completes (办结, `ServeTicketHandler.CompleteAsync`) the ticket it called "
            + $"at the start of its think time, untimed, the completion counted in the think time: 办结 is how most tickets at a real window end (退回 is the exception, "
            + $"材料不全), and it writes what a real one does beside the calls (the ticket, its matter, its instance's ledger line, and a 好差评 invitation with its email "
            + $"for every ticket with an address, here the booked ones). A call refused as still serving, or a completion that fails, counts as a failure. "
            + $"Latency is per call, end to end, two round trips: one statement for the window's "
            + $"queues, the claim `UPDATE … SKIP LOCKED` over two lanes, the instance's lock, the window and the item's name; then the transition's batch with its "
            + $"ledger line and `COMMIT`.");
        text.AppendLine(inv, $"- Queue: every round starts with {OpenTickets:N0} waiting tickets, {OpenBooked:N0} of them booked (B) with a slot that has begun (the first lane) "
            + $"and the rest walk-ins (A), items round robin; after each round the queues are topped up to that again at their tails. {IssuedByHandler} of the first "
            + $"tickets went through `IssueTicketHandler`; all others, {seedSeconds:0} s for the first {OpenTickets:N0}, are written with binary COPY in the same shape as "
            + $"`TicketIssuer` writes them (matter, `queue-ticket` instance in Waiting with its data, the \"start\" ledger line, ticket, counters): issuing one transaction at a time "
            + $"queues every ticket on the hall's counter row. VACUUM ANALYZE after the first fill only; autovacuum meanwhile, as in production.");
        text.AppendLine(inv, $"- Baseline: pgbench in database `{BaselineDatabase}`, `{ClaimBaseline.Describe(options.Clients, options.Seconds)}`: a table of {OpenTickets:N0} waiting rows "
            + $"in {Items} queues with the same partial index as the tickets' head, each client claiming from queue client_id mod {Items} with "
            + $"`UPDATE … WHERE id = (SELECT id … ORDER BY issued_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id` (one statement, autocommit). The think time is a "
            + $"second script of the same weight, `\\sleep` 0–{ThinkMaxMs} ms, so a client alternates claiming and thinking at random (pgbench times a script as a whole, "
            + $"so the sleep cannot sit in the claim's script). Claims/s, mean and p99 are of the claim script's transactions, from pgbench's per-transaction log (`-l`), "
            + $"from the moment both pgbench threads have opened their connections (TLS, {ClaimBaseline.ConnectSeconds} s are added to `-T` for that) and without each "
            + $"client's first claim (a new backend loading its caches and preparing): the runtime's pooled connections are warm too. Topped up to the same row count after each round.");
        text.AppendLine(inv, $"- Rounds run alternately (baseline, then call next), after {Math.Min(WarmUpSeconds, options.Seconds)} s of warm-up of each. Think time: staff hold a ticket for minutes, "
            + $"so a real hall of {options.Clients} windows calls a few times a second; back to back, {options.Clients} clients on 2 cores would measure the run queue, not the call. "
            + $"0–{ThinkMaxMs} ms still offers about {options.Clients * 1000.0 / (ThinkMaxMs / 2.0):0} calls/s, a hundred times a busy hall, with the calls of all {options.Clients} staff "
            + $"overlapping at random.");
        text.AppendLine(inv, $"- Client CPU per call: CPU time of the whole benchmark process ÷ calls (the {options.Clients} staff loops, their timers and their completions included), on the two cores "
            + $"PostgreSQL uses too. p99 ratio: call-next p99 ÷ the baseline claim's p99 of the same round; the verdict is on the absolute p99, the ratio says how much of it the machine explains.");
        text.AppendLine();
        text.AppendLine("| round | baseline claims/s | baseline mean (ms) | baseline p99 (ms) | calls/s | booked-lane calls | call-next p50 (ms) | call-next p99 (ms) | call-next max (ms) | client CPU per call (ms) | p99 ratio |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rounds)
        {
            text.AppendLine(inv, $"| {r.Number} | {r.Baseline.Claims / r.Baseline.Seconds:0.0} | {r.Baseline.MeanMs:0.00} | {r.Baseline.P99Ms:0.00} | {r.CallNext.Calls / r.CallNext.Seconds:0.0} | {r.CallNext.Booked} | "
                + $"{r.CallNext.P50Ms:0.00} | {r.CallNext.P99Ms:0.00} | {r.CallNext.MaxMs:0.0} | {r.CallNext.ClientCpuMs:0.00} | {r.CallNext.P99Ms / r.Baseline.P99Ms:0.00} |");
        }

        text.AppendLine(inv, $"| **median** | {Stats.Median(rounds.Select(r => r.Baseline.Claims / r.Baseline.Seconds)):0.0} | {Stats.Median(rounds.Select(r => r.Baseline.MeanMs)):0.00} | **{baselineP99:0.00}** | "
            + $"{Stats.Median(rounds.Select(r => r.CallNext.Calls / r.CallNext.Seconds)):0.0} | | {Stats.Median(rounds.Select(r => r.CallNext.P50Ms)):0.00} | **{p99:0.00}** | "
            + $"{Stats.Median(rounds.Select(r => r.CallNext.MaxMs)):0.0} | {Stats.Median(rounds.Select(r => r.CallNext.ClientCpuMs)):0.00} | **{ratio:0.00}** |");
        text.AppendLine();
        text.AppendLine(inv, $"Call-next p99 (median of rounds): **{p99:0.0} ms** (target ≤ {P99TargetMs:0} ms), **{ratio:0.00}×** the bare claim's p99 of {baselineP99:0.0} ms; "
            + $"tickets called twice: **{check.DoubleClaims}** (target 0); windows serving two tickets at once: **{check.Overlaps}**. Verdict: **{(met ? "met" : "NOT met")}**.");
        text.AppendLine();
        text.AppendLine("| check | expected | found | |");
        text.AppendLine("| --- | ---: | ---: | --- |");
        Row(text, "distinct tickets handed out = calls that returned a ticket (client side)", check.Called, check.DistinctCalled);
        Row(text, "calls refused as the window still served a ticket (client side)", 0, check.Refused);
        Row(text, "tickets completed = calls", check.Called, check.Completed);
        Row(text, "tickets still called or being served at the end", 0, check.Serving);
        Row(text, "ledger call lines = calls", check.Called, check.CallLines);
        Row(text, "ledger complete lines = calls", check.Called, check.CompleteLines);
        Row(text, "tickets with more than one call line", 0, check.DoubleClaims);
        Row(text, "ticket instances Completed at version 2 (called, completed) = calls", check.Called, check.CompletedInstances);
        Row(text, "tickets whose state differs from their instance's", 0, check.StateMismatches);
        Row(text, "tickets called to a window that does not serve their item", 0, check.WrongWindow);
        Row(text, "tickets called at a window before its previous ticket was finished (two serving at once)", 0, check.Overlaps);
        Row(text, "matters completed = calls", check.Called, check.CompletedMatters);
        Row(text, "rating invitations (好差评) = booked-lane calls (the tickets with an email)", check.Booked, check.Invitations);
        Row(text, "tickets = tickets issued", check.Issued, check.Tickets);
        Row(text, "tickets waiting or completed = tickets issued (none lost)", check.Issued, check.Open);
        Row(text, "ticket instances = tickets issued", check.Issued, check.Instances);
        Row(text, "ledger start lines = tickets issued", check.Issued, check.StartLines);
        Row(text, "instances whose data differs in shape from a ticket IssueTicketHandler issued", 0, check.OddShapes);
        Row(text, "tickets waiting at the end = topped-up queue", OpenTickets, check.WaitingAtEnd);
        return text.ToString();
    }

    private static void Row(StringBuilder text, string check, long expected, long found) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {check} | {expected:N0} | {found:N0} | {(expected == found ? "ok" : "**MISMATCH**")} |");

    private static void Progress(string message) => Console.Error.WriteLine($"[call-next] {message}");

    private sealed record HallPlan(int Id, string Name, ServiceWindow[] Windows, ServiceItem[] Items);

    private sealed record Staff(int WindowId, Actor Actor);

    /// <summary>A booked ticket's person, made up: an ID number with a valid check digit, the hash people are matched by, a booking.</summary>
    private sealed record BookedPerson(string Name, string Phone, string IdNumber, string Key, string Email, Guid BookingId, string Reference)
    {
        public static BookedPerson Make(int n)
        {
            var body = $"330102{new DateOnly(1950, 1, 1).AddDays(n / 1000):yyyyMMdd}{n % 1000:000}";
            var idNumber = body + PersonalData.IdCheckDigit(body);
            return new($"压测预约{n}", $"139{n:00000000}", idNumber, Booking.PersonKeyOf(idNumber), $"b{n}@bench.example", Guid.CreateVersion7(), $"Q{n:0000000}");
        }
    }

    private sealed record BulkTicket(Guid Id, Guid MatterId, ServiceItem Item, TicketKind Kind, string Number, int N, DateTimeOffset IssuedAt)
    {
        public BookedPerson? Person { get; } = Kind == TicketKind.Booked ? BookedPerson.Make(N) : null;

        /// <summary>A booked ticket is issued at check-in, up to an hour before its slot; here the slot is the quarter hour after the issue, or now if that is still to come.</summary>
        public DateTimeOffset SlotStartsAt(DateTimeOffset now)
        {
            var quarter = TimeSpan.FromMinutes(15).Ticks;
            var next = new DateTimeOffset(((IssuedAt.UtcTicks / quarter) + 1) * quarter, TimeSpan.Zero);
            return next < now ? next : now.AddSeconds(-1);
        }
    }

    private sealed record Round(int Number, BaselineResult Baseline, CallsResult CallNext);

    /// <summary><paramref name="Refused"/> is of the <paramref name="Failures"/>; <paramref name="Unfinished"/> counts completions that failed.</summary>
    private sealed record CallsResult(
        long Calls, long Booked, double Seconds, double P50Ms, double P99Ms, double MaxMs, double ClientCpuMs, long Empty, long Failures, long Refused, long Unfinished, string? FirstFailure);

    private sealed class WorkerResult
    {
        public List<double> LatenciesMs { get; } = new(256);

        public List<Guid> Called { get; } = new(256);

        public long Booked { get; set; }

        public long Empty { get; set; }

        public long Failures { get; set; }

        /// <summary>Calls refused because the window still served a ticket (counted in <see cref="Failures"/> too).</summary>
        public long Refused { get; set; }

        /// <summary>Called tickets whose completion failed.</summary>
        public long Unfinished { get; set; }

        public string? FirstFailure { get; set; }
    }

    private sealed record Check(
        long Issued, long Called, long DistinctCalled, long Booked, long Refused, long Completed, long Serving, long CallLines, long CompleteLines, long DoubleClaims,
        long CompletedInstances, long StateMismatches, long WrongWindow, long Overlaps, long CompletedMatters, long Invitations,
        long Tickets, long Open, long Instances, long StartLines, long OddShapes, long WaitingAtEnd)
    {
        public bool Passed =>
            DistinctCalled == Called && Refused == 0 && Completed == Called && Serving == 0 && CallLines == Called && CompleteLines == Called && DoubleClaims == 0
            && CompletedInstances == Called && StateMismatches == 0 && WrongWindow == 0 && Overlaps == 0 && CompletedMatters == Called && Invitations == Booked
            && Tickets == Issued && Open == Issued && Instances == Issued && StartLines == Issued && OddShapes == 0 && WaitingAtEnd == OpenTickets;
    }

    /// <summary>Claims per second, mean and p99 latency of the claim script's transactions, from pgbench's summary and its per-transaction log.</summary>
    private sealed record BaselineResult(long Claims, double Seconds, double MeanMs, double P99Ms);

    /// <summary>
    /// The baseline: pgbench with two custom scripts, a bare SKIP LOCKED claim and a think-time sleep, in a database of its own.
    /// (<see cref="Pgbench"/> runs only the built-in scripts.)
    /// </summary>
    private sealed class ClaimBaseline(BenchmarkOptions options) : IDisposable
    {
        private const string ClaimScript = """
            \set q :client_id % 10
            UPDATE claim_queue SET state = 'Serving', called_at = now() WHERE state = 'Waiting' AND id = (SELECT id FROM claim_queue WHERE queue = :q AND state = 'Waiting' ORDER BY issued_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id;

            """;

        private static readonly string ThinkScript = $"""
            \set think random(0, {ThinkMaxMs})
            \sleep :think ms

            """;

        /// <summary>Extra seconds of each pgbench run for its connections and every client's first claim, which are not measured.</summary>
        public const int ConnectSeconds = 6;

        private readonly string directory = Directory.CreateTempSubdirectory("call-next-pgbench-").FullName;

        /// <summary>Removes the scripts and pgbench's logs.</summary>
        public void Dispose() => Directory.Delete(directory, recursive: true);

        public static string Describe(int clients, int seconds) =>
            $"pgbench -n -M prepared -c {clients} -j {Math.Min(2, clients)} -T {seconds + ConnectSeconds} -l -f claim.sql@1 -f think.sql@1";

        public async Task InitializeAsync(CancellationToken ct)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "claim.sql"), ClaimScript, ct);
            await File.WriteAllTextAsync(Path.Combine(directory, "think.sql"), ThinkScript, ct);
            await using var connection = new NpgsqlConnection(options.ConnectionString(BaselineDatabase));
            await connection.OpenAsync(ct);
            await using (var create = new NpgsqlCommand(
                $"""
                CREATE TABLE claim_queue (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, queue int NOT NULL, state varchar(16) NOT NULL,
                    issued_at timestamptz NOT NULL, called_at timestamptz);
                CREATE INDEX ix_claim_queue_head ON claim_queue (queue, issued_at) WHERE state = 'Waiting';
                INSERT INTO claim_queue (queue, state, issued_at) SELECT n % {Items}, 'Waiting', now() - interval '30 minutes' + n * interval '18 ms' FROM generate_series(1, {OpenTickets}) n;
                """,
                connection))
            {
                await create.ExecuteNonQueryAsync(ct);
            }

            await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE claim_queue", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync(ct);
        }

        /// <summary>Back to <see cref="OpenTickets"/> waiting rows, new ones at the queues' tails.</summary>
        public async Task TopUpAsync(CancellationToken ct)
        {
            await using var connection = new NpgsqlConnection(options.ConnectionString(BaselineDatabase));
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                $"INSERT INTO claim_queue (queue, state, issued_at) SELECT n % {Items}, 'Waiting', clock_timestamp() FROM generate_series(1, {OpenTickets} - (SELECT count(*) FROM claim_queue WHERE state = 'Waiting')) n",
                connection);
            await command.ExecuteNonQueryAsync(ct);
        }

        public async Task<BaselineResult> RunAsync(int clients, int seconds, CancellationToken ct)
        {
            foreach (var log in Directory.EnumerateFiles(directory, "pgbench_log.*"))
            {
                File.Delete(log);
            }

            // 200 TLS connections take pgbench seconds to open, a thread at a time, and each backend's first
            // statement loads its caches and prepares: the run gets ConnectSeconds more, and only claims after
            // both threads have started, other than a client's first, are measured.
            var output = await Pgbench.RunAsync(
                options,
                BaselineDatabase,
                ["-n", "-M", "prepared", "-c", $"{clients}", "-j", $"{Math.Min(2, clients)}", "-T", $"{seconds + ConnectSeconds}", "-l", "-f", "claim.sql@1", "-f", "think.sql@1"],
                directory,
                null,
                ct);
            Pgbench.ThrowIfAnyFailed(output);

            // Log lines: client_id transaction_no time(µs) script_no time_epoch(s) time_us, a file per thread; script 0 is the claim.
            var claims = new List<(int Client, long EndUs, double Ms)>();
            var from = 0L;
            var to = 0L;
            foreach (var log in Directory.EnumerateFiles(directory, "pgbench_log.*"))
            {
                var threadStart = long.MaxValue;
                foreach (var line in await File.ReadAllLinesAsync(log, ct))
                {
                    var f = line.Split(' ');
                    if (f.Length < 6)
                    {
                        continue;
                    }

                    var end = (long.Parse(f[4], CultureInfo.InvariantCulture) * 1_000_000) + long.Parse(f[5], CultureInfo.InvariantCulture);
                    threadStart = Math.Min(threadStart, end);
                    to = Math.Max(to, end);
                    if (f[3] == "0")
                    {
                        claims.Add((int.Parse(f[0], CultureInfo.InvariantCulture), end, double.Parse(f[2], CultureInfo.InvariantCulture) / 1000));
                    }
                }

                from = Math.Max(from, threadStart == long.MaxValue ? 0 : threadStart);
            }

            var sorted = claims.GroupBy(c => c.Client).SelectMany(g => g.OrderBy(c => c.EndUs).Skip(1)).Where(c => c.EndUs > from).Select(c => c.Ms).Order().ToArray();
            var window = (to - from) / 1e6;
            return sorted.Length == 0
                ? throw new InvalidOperationException($"pgbench logged no claims:\n{output}")
                : new(sorted.Length, window, sorted.Average(), Stats.Percentile(sorted, 0.99));
        }
    }
}
