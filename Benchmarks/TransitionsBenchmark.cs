using System.Diagnostics;
using System.Globalization;
using System.Text;
using Governance.Benchmarks.Infrastructure;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Governance.Benchmarks;

/// <summary>
/// Durable transitions per second of <see cref="WorkflowRuntime.MoveAsync(Guid, string, Actor, Func{EngineDbContext, WorkflowInstance, CancellationToken, Task{Stimulus}}, CancellationToken)"/>
/// (instance row, ledger, work items, timers, outbox: one transaction each) beside pgbench's
/// simple-update and beside pgbench sending one transition's own statements
/// (<see cref="SameStatementsBaseline"/>), on the same server, same clients, same duration, run
/// alternately so all three see the same noise.
/// </summary>
internal sealed class TransitionsBenchmark : IBenchmark
{
    public const string Database = "governance_bench";

    public const double Target = 0.5;

    /// <summary>Of the same statements sent by pgbench (issue 16): what our client and round trips may cost beyond the schema's own work.</summary>
    public const double SameStatementsTarget = 0.8;

    private const int StartBatch = 100;

    private static readonly Actor Staff = new("bench-staff", "压测窗口", Roles.WindowStaff);

    public string Name => "transitions";

    public string Summary => "durable workflow transitions per second vs pgbench simple-update";

    public async Task<int> RunAsync(BenchmarkOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new BenchmarkServer(options);
        var pgbench = new Pgbench(options);

        Progress($"databases: {Database} (EF migrations), {Pgbench.Database} (pgbench -i -s {options.Scale})");
        await server.RecreateDatabaseAsync(Database, ct);
        var dbFactory = CreateDbFactory(options);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.Database.MigrateAsync(ct);
        }

        await server.RecreateDatabaseAsync(Pgbench.Database, ct);
        await pgbench.InitializeAsync(ct);

        var calendar = new WorkingCalendar(HolidayData.LoadEmbedded());
        var (clock, clockNote) = ClockWithinCalendar(calendar);
        var runtime = new WorkflowRuntime(new EngineContexts(dbFactory), new WorkflowRegistry([PingPongWorkflow.Definition], Roles.Catalogue), calendar, clock);
        Progress($"starting {options.Instances} instances of {PingPongWorkflow.Definition.Name}");
        var slices = await StartInstancesAsync(runtime, options, ct);
        await VacuumAnalyzeAsync(options.ConnectionString(Database), ct);

        Progress("capturing one transition's statements for the same-statements baseline");
        var (same, captureMoves) = await CaptureAsync(options, runtime, clock, slices, ct);
        await SameStatementsBaseline.CopyAsync(options, Database, slices, ct);
        var script = Path.Combine(Directory.CreateTempSubdirectory("same-statements-").FullName, "transition.sql");
        await File.WriteAllTextAsync(script, same.Script, ct);
        var versionsBefore = await SameStatementsBaseline.VersionsAsync(options, ct);

        // JIT, connection pools, caches: neither side is measured cold.
        var warmUpSeconds = WarmUpSeconds(options);
        Progress($"warm-up: {warmUpSeconds} s of each");
        await pgbench.SimpleUpdateAsync(options.Clients, warmUpSeconds, ct);
        var sameTransactions = (await pgbench.ScriptAsync(SameStatementsBaseline.Database, script, same.Defines, options.Clients, warmUpSeconds, ct)).Transactions;
        var warmUp = await FireAsync(runtime, slices, warmUpSeconds, ct);

        var statementsBefore = await StatementStats.SnapshotAsync(options, [Database, SameStatementsBaseline.Database], ct);
        var rounds = new List<Round>();
        for (var r = 1; r <= options.Rounds; r++)
        {
            var baseline = await pgbench.SimpleUpdateAsync(options.Clients, options.Seconds, ct);
            Progress($"round {r}: pgbench -N {baseline.Tps:0.0} tps");
            var (sameStatements, transactions) = await pgbench.ScriptAsync(SameStatementsBaseline.Database, script, same.Defines, options.Clients, options.Seconds, ct);
            sameTransactions += transactions;
            Progress($"round {r}: pgbench, the transition's statements {sameStatements.Tps:0.0} tps");
            var measured = await FireAsync(runtime, slices, options.Seconds, ct);
            Progress($"round {r}: runtime {measured.Tps:0.0} transitions/s ({measured.Applied} applied, {measured.Failures} failed)");
            rounds.Add(new Round(r, baseline, sameStatements, transactions, measured));
        }

        var statementsAfter = await StatementStats.SnapshotAsync(options, [Database, SameStatementsBaseline.Database], ct);
        var check = await RuntimeRowsCheck.RunAsync(
            options.ConnectionString(Database), options.Instances, captureMoves + warmUp.Applied + rounds.Sum(r => r.Runtime.Applied), ct);
        check.Add("same-statements baseline: its instances' versions advanced by its transactions", sameTransactions, await SameStatementsBaseline.VersionsAsync(options, ct) - versionsBefore);
        var breakdown = statementsBefore is null || statementsAfter is null
            ? "pg_stat_statements is not loaded on this server (`ensure_postgres` loads it): no breakdown per statement.\n"
            : Breakdown(statementsBefore, statementsAfter, rounds);
        Console.Write(Report(options, await server.DescribeAsync(ct), clockNote, pgbench, rounds, check, same, breakdown));

        var failures = warmUp.Failures + rounds.Sum(r => r.Runtime.Failures);
        if (failures > 0)
        {
            Console.Error.WriteLine($"error: {failures} stimuli were not applied; first: {rounds.Select(r => r.Runtime.FirstFailure).Prepend(warmUp.FirstFailure).First(f => f is not null)}");
        }

        return failures == 0 && check.Passed ? 0 : 1;
    }

    /// <summary>
    /// By default the factory <c>AddWorkflows</c> registers, over the same provider settings, so
    /// what is measured is what the Host runs; <c>--contexts plain</c> and <c>--auto-prepare</c>
    /// measure other wiring.
    /// </summary>
    private static IDbContextFactory<WorkflowDbContext> CreateDbFactory(BenchmarkOptions options)
    {
        var connectionString = ConnectionString(options);
        var services = new ServiceCollection();
        _ = options.PooledContexts
            ? services.AddPooledDbContextFactory<WorkflowDbContext>(o => o.UseGovernanceDatabase(connectionString))
            : services.AddDbContextFactory<WorkflowDbContext>(o => o.UseGovernanceDatabase(connectionString));
        return services.BuildServiceProvider().GetRequiredService<IDbContextFactory<WorkflowDbContext>>();
    }

    private static string ConnectionString(BenchmarkOptions options) =>
        new NpgsqlConnectionStringBuilder(options.ConnectionString(Database)) { MaxAutoPrepare = options.AutoPrepare }.ConnectionString;

    private static string Wiring(BenchmarkOptions options) =>
        $"{(options.PooledContexts ? "pooled DbContexts (AddPooledDbContextFactory, as AddWorkflows)" : "a new DbContext per transaction (AddDbContextFactory)")}, "
        + $"{(options.AutoPrepare > 0 ? $"Npgsql Max Auto Prepare = {options.AutoPrepare}" : "no prepared statements (Npgsql default)")}, "
        + $"socket completions {(BenchmarkOptions.InlineCompletionsOn ? "inline (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1)" : "on the thread pool (.NET default)")}";

    /// <summary>
    /// The system clock, unless SLA deadlines (up to a month ahead) would leave the holiday data:
    /// then the system clock moved back by whole 52-week years, weekdays kept.
    /// </summary>
    private static (TimeProvider Clock, string Note) ClockWithinCalendar(WorkingCalendar calendar)
    {
        var horizon = TimeProvider.System.GetUtcNow().AddDays(31);
        var shift = TimeSpan.Zero;
        while (ChinaTime.DateOf(horizon - shift).Year > calendar.LastCoveredYear)
        {
            shift += TimeSpan.FromDays(364);
        }

        return shift == TimeSpan.Zero
            ? (TimeProvider.System, "TimeProvider.System")
            : (new ShiftedClock(shift), $"TimeProvider.System moved back {shift.TotalDays:0} days (the holiday data ends with {calendar.LastCoveredYear})");
    }

    /// <summary>Starts the instances, a hundred per transaction, and deals them out: client k gets every k-th, so clients never contend.</summary>
    private static async Task<Guid[][]> StartInstancesAsync(WorkflowRuntime runtime, BenchmarkOptions options, CancellationToken ct)
    {
        var ids = new List<Guid>(options.Instances);
        for (var first = 0; first < options.Instances; first += StartBatch)
        {
            var count = Math.Min(StartBatch, options.Instances - first);
            ids.AddRange(await runtime.InTransactionAsync(
                async (db, token) =>
                {
                    var started = new List<Guid>(count);
                    for (var i = first; i < first + count; i++)
                    {
                        var instance = await runtime.StartAsync(
                            db, PingPongWorkflow.Definition.Name, $"bench/{i % options.Clients}", $"压测事项 {i + 1}", new { Seq = i }, Staff, token);
                        started.Add(instance.Id);
                    }

                    return started;
                },
                ct));
        }

        return [.. Enumerable.Range(0, options.Clients).Select(k => ids.Where((_, i) => i % options.Clients == k).ToArray())];
    }

    /// <summary>
    /// Fresh tables have no statistics until autovacuum gets round to them, and a prepared
    /// statement planned before that can keep a poor generic plan (the pending-timer lookup by
    /// due time instead of by instance). pgbench -i vacuums its tables too.
    /// </summary>
    private static async Task VacuumAnalyzeAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        // It may wait for an autovacuum of the same tables to finish: no time limit.
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE wf.instances, wf.ledger, wf.work_items, wf.timers, wf.outbox", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Moves one instance through a data source that logs its statements, until a move from a version
    /// no constant of the statements shares (2 or more), and makes the same-statements baseline of that move.
    /// </summary>
    private static async Task<(SameStatementsBaseline Baseline, int Moves)> CaptureAsync(BenchmarkOptions options, WorkflowRuntime runtime, TimeProvider clock, Guid[][] slices, CancellationToken ct)
    {
        var log = new StatementLog();
        await using var dataSource = new NpgsqlDataSourceBuilder(WorkflowsServiceCollectionExtensions.TunedConnectionString(ConnectionString(options)))
            .UseLoggerFactory(log)
            .EnableParameterLogging()
            .Build();
        var services = new ServiceCollection();
        services.AddDbContextFactory<WorkflowDbContext>(o => o.UseGovernanceDatabase(dataSource));
        await using var provider = services.BuildServiceProvider();
        var logged = new WorkflowRuntime(new EngineContexts(provider.GetRequiredService<IDbContextFactory<WorkflowDbContext>>()), runtime.Registry, runtime.Calendar, clock);
        var id = slices[0][0];
        for (var moves = 1; ; moves++)
        {
            log.Clear();
            log.Recording = true;
            var result = await MoveNextAsync(logged, id, ct);
            log.Recording = false;
            if (!result.Applied)
            {
                throw new InvalidOperationException($"the captured move was not applied: {result.Outcome}: {result.Message}");
            }

            if (result.Instance!.Version - 1 >= 2)
            {
                return (SameStatementsBaseline.From(log, id, result.Instance.Version - 1, slices.Length, slices.Min(s => s.Length)), moves);
            }
        }
    }

    /// <summary>"next" at the version the row holds under its lock: the same round trips as a request naming the one it was shown.</summary>
    private static Task<TransitionResult> MoveNextAsync(WorkflowRuntime runtime, Guid id, CancellationToken ct) =>
        runtime.MoveAsync(id, PingPongWorkflow.Definition.Name, Staff, (_, instance, _) => Task.FromResult(new Stimulus(id, PingPongWorkflow.Next, Staff, instance.Version)), ct: ct);

    /// <summary>One worker per slice fires "next" round robin over its own instances until the time is up.</summary>
    private static async Task<RuntimeResult> FireAsync(WorkflowRuntime runtime, Guid[][] slices, int seconds, CancellationToken ct)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (seconds * Stopwatch.Frequency);
        var workers = await Task.WhenAll(slices.Select(slice => Task.Run(() => WorkAsync(runtime, slice, stopAt, ct), ct)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        cpu = Environment.CpuUsage.TotalTime - cpu;
        var latencies = workers.SelectMany(w => w.LatenciesMs).Order().ToArray();
        var applied = workers.Sum(w => w.LatenciesMs.Count);
        return new(
            applied,
            applied / elapsed.TotalSeconds,
            Stats.Percentile(latencies, 0.5),
            Stats.Percentile(latencies, 0.99),
            cpu.TotalMilliseconds / Math.Max(1, applied),
            workers.Sum(w => w.Failures),
            workers.Select(w => w.FirstFailure).FirstOrDefault(f => f is not null));
    }

    private static async Task<WorkerResult> WorkAsync(WorkflowRuntime runtime, Guid[] slice, long stopAt, CancellationToken ct)
    {
        var latencies = new List<double>(4096);
        var failures = 0;
        string? firstFailure = null;
        for (var i = 0; Stopwatch.GetTimestamp() < stopAt; i++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var id = slice[i % slice.Length];

                var result = await MoveNextAsync(runtime, id, ct);
                if (result.Applied)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    continue;
                }

                firstFailure ??= $"{result.Outcome}: {result.Message}";
            }
            catch (Exception ex) when (ex is DbUpdateException or NpgsqlException or InvalidOperationException)
            {
                firstFailure ??= ex.ToString();
            }

            failures++;
        }

        return new(latencies, failures, firstFailure);
    }

    private static string Report(
        BenchmarkOptions options, string machine, string clock, Pgbench pgbench, List<Round> rounds, RuntimeRowsCheck check, SameStatementsBaseline same, string breakdown)
    {
        var baseline = Stats.Median(rounds.Select(r => r.Baseline.Tps));
        var sameTps = Stats.Median(rounds.Select(r => r.SameStatements.Tps));
        var runtime = Stats.Median(rounds.Select(r => r.Runtime.Tps));
        var (ratio, sameRatio) = (runtime / baseline, runtime / sameTps);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"## Durable transitions vs pgbench simple-update and vs the same statements in pgbench");
        text.AppendLine();
        text.AppendLine(inv, $"Measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC with `{options.Command}`; load average (1 min) {BenchmarkServer.LoadAverage()} at the end.");
        text.AppendLine();
        text.AppendLine(inv, $"- Machine: {machine}.");
        text.AppendLine(inv, $"- Baseline 1: `{pgbench.Describe(options.Clients, options.Seconds)}` in database `{Pgbench.Database}`.");
        text.AppendLine(inv, $"- Baseline 2: `pgbench -n -f transition.sql -M prepared -c {options.Clients} -j {Math.Min(2, options.Clients)} -T {options.Seconds}` in database `{SameStatementsBaseline.Database}`, "
            + $"a copy of `{Database}` (`CREATE DATABASE … TEMPLATE`) after the instances were started: the {same.Captured.Count} statements one transition sent, as Npgsql logged them with their parameters, "
            + $"in the same two round trips (pipelines), after one read for what the runtime makes on the client (the instance and its version, new ids, the instant); the script is below.");
        text.AppendLine(inv, $"- Runtime: `WorkflowRuntime.MoveAsync` of \"next\" on {options.Instances} `{PingPongWorkflow.Definition.Name}` instances in `{Database}`, "
            + $"{options.Clients} clients for {options.Seconds} s, each on its own instances; every transition closes and opens a work item, "
            + $"cancels and sets the SLA timers (1 working day, warning at 80 %), appends a ledger line and writes an outbox row. Clock: {clock}.");
        text.AppendLine(inv, $"- Runtime wiring: {Wiring(options)}.");
        text.AppendLine(inv, $"- Setup: fresh databases, EF migrations, instances started 100 per transaction, then VACUUM ANALYZE (as pgbench -i does for its tables).");
        text.AppendLine(inv, $"- Rounds run alternately (pgbench -N, the same statements, then the runtime), after {WarmUpSeconds(options)} s of warm-up of each; transitions/s counts committed Applied transitions; latency is per call.");
        text.AppendLine();
        text.AppendLine("| round | pgbench -N tps | same statements tps | runtime transitions/s | runtime p50 (ms) | runtime p99 (ms) | client CPU per transition (ms) | ratio vs -N | ratio vs same statements |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rounds)
        {
            text.AppendLine(inv, $"| {r.Number} | {r.Baseline.Tps:0.0} | {r.SameStatements.Tps:0.0} | {r.Runtime.Tps:0.0} | {r.Runtime.P50Ms:0.00} | {r.Runtime.P99Ms:0.00} | {r.Runtime.ClientCpuMs:0.00} | {r.Runtime.Tps / r.Baseline.Tps:0.00} | {r.Runtime.Tps / r.SameStatements.Tps:0.00} |");
        }

        text.AppendLine(inv, $"| **median** | **{baseline:0.0}** | **{sameTps:0.0}** | **{runtime:0.0}** | {Stats.Median(rounds.Select(r => r.Runtime.P50Ms)):0.00} | {Stats.Median(rounds.Select(r => r.Runtime.P99Ms)):0.00} | {Stats.Median(rounds.Select(r => r.Runtime.ClientCpuMs)):0.00} | **{ratio:0.00}** | **{sameRatio:0.00}** |");
        text.AppendLine();
        text.AppendLine(inv, $"Ratio vs pgbench -N (median runtime transitions/s ÷ median pgbench tps): **{ratio:0.00}**, target at least {Target:0.00}: **{(ratio >= Target ? "met" : "NOT met")}**. "
            + $"Ratio vs the same statements: **{sameRatio:0.00}**, target at least {SameStatementsTarget:0.00}: **{(sameRatio >= SameStatementsTarget ? "met" : "NOT met")}**.");
        text.AppendLine();
        text.Append(check.ToMarkdown());
        text.AppendLine();
        text.Append(breakdown);
        text.AppendLine();
        text.AppendLine("<details><summary>The same-statements script (pgbench -f), made from the captured transition</summary>");
        text.AppendLine();
        text.AppendLine("```");
        text.Append(same.Script);
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(inv, $"Constants (`-D`): {string.Join(", ", same.Defines.Select(d => $"`{d}`"))}.");
        text.AppendLine();
        text.AppendLine("</details>");
        return text.ToString();
    }

    /// <summary>What the server spent per transaction on each statement, on both sides, from <c>pg_stat_statements</c> over the measured rounds.</summary>
    private static string Breakdown(
        Dictionary<(string Database, long QueryId), StatementTotals> before, Dictionary<(string Database, long QueryId), StatementTotals> after, List<Round> rounds)
    {
        var text = new StringBuilder();
        text.AppendLine("Server time per statement over the measured rounds (`pg_stat_statements`: execution only; parse, bind, the protocol and the commit's WAL flush are not in it):");
        text.AppendLine();
        text.AppendLine("Runtime:");
        text.AppendLine();
        text.Append(StatementStats.ToMarkdown(StatementStats.Between(before, after, Database), rounds.Sum(r => r.Runtime.Applied)));
        text.AppendLine();
        text.AppendLine("The same statements from pgbench (the first line is its read for the client's values):");
        text.AppendLine();
        text.Append(StatementStats.ToMarkdown(StatementStats.Between(before, after, SameStatementsBaseline.Database), rounds.Sum(r => r.SameTransactions)));
        return text.ToString();
    }

    private static int WarmUpSeconds(BenchmarkOptions options) => Math.Min(3, options.Seconds);

    private static void Progress(string message) => Console.Error.WriteLine($"[transitions] {message}");

    private sealed record Round(int Number, PgbenchResult Baseline, PgbenchResult SameStatements, long SameTransactions, RuntimeResult Runtime);

    /// <param name="ClientCpuMs">CPU time of this whole process per applied transition: on a 2-core box the client competes with the server.</param>
    private sealed record RuntimeResult(long Applied, double Tps, double P50Ms, double P99Ms, double ClientCpuMs, long Failures, string? FirstFailure);

    private sealed record WorkerResult(List<double> LatenciesMs, int Failures, string? FirstFailure);

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() - shift;
    }
}
