using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Governance.Benchmarks.Infrastructure;

/// <summary>
/// The baseline: PostgreSQL's own pgbench on the same server, in a database of its own
/// (<see cref="Database"/>), so that its tables never mix with the runtime's.
/// </summary>
internal sealed partial class Pgbench(BenchmarkOptions options)
{
    public const string Database = "governance_pgbench";

    /// <summary>The built-in simple-update script (<c>-N</c>) with prepared statements, as run.</summary>
    public string Describe(int clients, int seconds) =>
        $"pgbench -N -c {clients} -j {Math.Min(2, clients)} -T {seconds} -M prepared (scale {options.Scale})";

    /// <summary><c>pgbench -i -s K</c>: creates and fills the pgbench tables.</summary>
    public Task InitializeAsync(CancellationToken ct) =>
        RunAsync(options, Database, ["-i", "-q", "-s", $"{options.Scale}"], null, null, ct);

    /// <summary>
    /// Runs simple-update for <paramref name="seconds"/> and returns what pgbench reports, with the
    /// p99 latency from its per-transaction log (<c>-l</c>).
    /// </summary>
    public async Task<PgbenchResult> SimpleUpdateAsync(int clients, int seconds, CancellationToken ct)
    {
        var (output, log) = await SimpleUpdateLoggedAsync(["-c", $"{clients}", "-j", $"{Math.Min(2, clients)}", "-T", $"{seconds}"], null, ct);
        return Result(output, log);
    }

    /// <summary>
    /// Runs the script <paramref name="scriptPath"/> (<c>-f</c>, prepared, with the variables
    /// <paramref name="defines"/> as <c>-D</c>) on <paramref name="database"/> for <paramref name="seconds"/>,
    /// as <see cref="SimpleUpdateAsync"/> runs simple-update; also how many transactions it committed.
    /// </summary>
    public async Task<(PgbenchResult Result, long Transactions)> ScriptAsync(
        string database, string scriptPath, IEnumerable<string> defines, int clients, int seconds, CancellationToken ct)
    {
        var (output, log) = await LoggedAsync(
            database,
            ["-n", "-f", scriptPath, .. defines.SelectMany(d => (string[])["-D", d]), "-c", $"{clients}", "-j", $"{Math.Min(2, clients)}", "-T", $"{seconds}"],
            null,
            ct);
        return (Result(output, log), ProcessedLine().Match(output) is { Success: true } processed
            ? long.Parse(processed.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench printed no count of transactions:\n{output}"));
    }

    private static PgbenchResult Result(string output, List<LoggedTransaction> log)
    {
        var latency = LatencyLine().Match(output);
        if (!latency.Success)
        {
            throw new InvalidOperationException($"pgbench printed no latency line:\n{output}");
        }

        return new(Tps(output), double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture), Stats.Percentile([.. log.Select(t => t.Ms).Order()], 0.99));
    }

    /// <summary>Simple-update at a fixed arrival rate, as run (<see cref="SimpleUpdateAtRateAsync"/>).</summary>
    public string DescribeAtRate(int clients, int seconds, int rate) =>
        $"pgbench -N -c {clients} -j {Math.Min(2, clients)} -t {TransactionsPerClient(clients, seconds, rate)} -R {rate} -M prepared -l (scale {options.Scale})";

    /// <summary>
    /// Simple-update open loop: <c>-R</c> schedules transactions at <paramref name="rate"/> a second
    /// (Poisson arrivals, one schedule per thread that its idle clients take turns to serve), and a
    /// transaction's latency in the log is counted from its scheduled start, so a transaction that
    /// waited for a free client or a late thread counts that wait too. As many transactions as
    /// <paramref name="seconds"/> at that rate bring (<c>-t</c> per client: <c>-T</c> would count the
    /// seconds pgbench spends opening its TLS connections, before the schedule starts, which on a busy
    /// machine cut a 5 s run to a third of its transactions). Each client's first transaction
    /// is left out (a new backend loads its caches and prepares its statements; the Host's pooled
    /// connections are warm). <paramref name="synchronousCommit"/> false runs the same with
    /// <c>synchronous_commit = off</c> (commits do not wait for the WAL's flush): the gap between the
    /// two is what the disk's fsync adds.
    /// </summary>
    public async Task<PgbenchRateResult> SimpleUpdateAtRateAsync(int clients, int seconds, int rate, bool synchronousCommit, CancellationToken ct)
    {
        var (output, log) = await SimpleUpdateLoggedAsync(
            ["-c", $"{clients}", "-j", $"{Math.Min(2, clients)}", "-t", $"{TransactionsPerClient(clients, seconds, rate)}", "-R", $"{rate}"],
            synchronousCommit ? null : new Dictionary<string, string> { ["PGOPTIONS"] = "-c synchronous_commit=off" },
            ct);
        var measured = log.Where(t => t.Number > 1).ToList();
        return new(Tps(output), LatencySummary.Of(measured.Select(t => t.Ms)), LatencySummary.Of(measured.Select(t => t.LagMs)));
    }

    private Task<(string Output, List<LoggedTransaction> Log)> SimpleUpdateLoggedAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken ct) =>
        LoggedAsync(Database, ["-N", .. arguments], environment, ct);

    private async Task<(string Output, List<LoggedTransaction> Log)> LoggedAsync(string database, string[] arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("pgbench-").FullName;
        try
        {
            var output = await RunAsync(options, database, [.. arguments, "-M", "prepared", "-l"], directory, environment, ct);
            ThrowIfAnyFailed(output);

            // Log lines: client_id transaction_no (from 1) time(µs) script_no time_epoch time_us [schedule_lag(µs) with -R], a file per thread.
            var log = Directory.EnumerateFiles(directory, "pgbench_log.*").SelectMany(File.ReadLines)
                .Select(line => line.Split(' ')).Where(f => f.Length >= 6)
                .Select(f => new LoggedTransaction(
                    long.Parse(f[1], CultureInfo.InvariantCulture),
                    double.Parse(f[2], CultureInfo.InvariantCulture) / 1000,
                    f.Length > 6 ? double.Parse(f[6], CultureInfo.InvariantCulture) / 1000 : 0))
                .ToList();
            return log.Count == 0 ? throw new InvalidOperationException($"pgbench logged no transactions:\n{output}") : (output, log);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int TransactionsPerClient(int clients, int seconds, int rate) => (int)Math.Ceiling((double)rate * seconds / clients);

    private static double Tps(string output) =>
        TpsLine().Match(output) is { Success: true } tps
            ? double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench printed no tps line:\n{output}");

    /// <summary>
    /// Runs pgbench with <paramref name="arguments"/> against <paramref name="database"/> on the benchmark
    /// server, with <paramref name="environment"/> added to its own (e.g. <c>PGOPTIONS</c>); its output, or an error if it failed.
    /// </summary>
    public static async Task<string> RunAsync(BenchmarkOptions options, string database, IEnumerable<string> arguments, string? workingDirectory, IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var server = new NpgsqlConnectionStringBuilder(options.Server);
        var start = new ProcessStartInfo(options.Pgbench)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var a in (string[])["-h", server.Host ?? "127.0.0.1", "-p", $"{server.Port}", "-U", server.Username ?? "governance", .. arguments, database])
        {
            start.ArgumentList.Add(a);
        }

        // The password goes by environment, never on a command line others can read.
        start.Environment["PGPASSWORD"] = server.Password ?? "";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {options.Pgbench}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = $"{await stdout}{await stderr}";
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{options.Pgbench} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{output}");
    }

    /// <summary>pgbench counts failed transactions (serialization, deadlock) and still exits 0; a baseline with failures is no baseline.</summary>
    public static void ThrowIfAnyFailed(string output)
    {
        if (FailedLine().Match(output) is { Success: true } failed && failed.Groups[1].Value != "0")
        {
            throw new InvalidOperationException($"pgbench had failed transactions:\n{output}");
        }
    }

    [GeneratedRegex(@"^tps = ([0-9.]+) \(without initial connection time\)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"^latency average = ([0-9.]+) ms", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"^number of transactions actually processed: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex ProcessedLine();

    [GeneratedRegex(@"^number of failed transactions: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex FailedLine();
}

/// <summary>Transactions per second (without connection time) and mean latency, as pgbench reports them, and the p99 of its log.</summary>
internal sealed record PgbenchResult(double Tps, double LatencyMs, double P99Ms);

/// <summary>An open-loop run: transactions per second, latency from the scheduled start and the schedule lag inside it (ms, from the log).</summary>
internal sealed record PgbenchRateResult(double Tps, LatencySummary Latency, LatencySummary Lag);

/// <summary>One line of pgbench's per-transaction log: the client's transaction number, its latency and schedule lag (ms).</summary>
internal sealed record LoggedTransaction(long Number, double Ms, double LagMs);
