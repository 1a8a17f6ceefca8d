using System.Globalization;
using Npgsql;

namespace Governance.Benchmarks.Infrastructure;

/// <summary>The options every benchmark understands; each uses the ones that apply to it.</summary>
internal sealed record BenchmarkOptions(
    string Benchmark,
    int Clients,
    int Seconds,
    int Rounds,
    int Instances,
    int Scale,
    string Server,
    string Pgbench,
    bool PooledContexts,
    int AutoPrepare,
    int Pending,
    int Rate)
{
    public const string Usage = """
        options:
          --clients C       concurrent clients, the same for the baseline and the runtime (default 8;
                            bookings-open: 64, pgbench's clients and the most HTTP connections)
          --seconds S       length of each measured run (default 20; bookings-open: 60; live-pages: 30 a window)
          --rounds R        baseline/runtime pairs, run alternately; medians are reported (default 3)
          --instances N     workflow instances created before measuring (default 1000)
          --scale K         pgbench -i scale factor of the baseline database (default 10)
          --contexts K      pooled: EF Core DbContext pooling, as AddWorkflows wires it (default);
                            plain: a new DbContext per transaction (AddDbContextFactory)
          --auto-prepare N  Npgsql Max Auto Prepare for the runtime's connections, so statements run
                            often are prepared on the server as with pgbench -M prepared (default 64, as the Host)
          --pending N       timers pending at the largest size (timers; default 1000000, and a tenth of it first)
          --rate N          arrivals a second, the same for the bookings and pgbench -R (bookings-open; default 200);
                            live-pages: transitions a second (default 50)
          --server CS       Npgsql connection string of the server as the owner role, no database: the
                            benchmark makes, migrates, fills and vacuums its databases as the owner, and
                            the Hosts it starts run as the application role (default: from
                            ConnectionStrings__GovernanceOwner, else 127.0.0.1:5432 as governance_owner;
                            the application role's credentials from ConnectionStrings__Governance, else governance)
          --pgbench PATH    the pgbench binary (default /usr/lib/postgresql/15/bin/pgbench, else PATH)
        environment:
          DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1  run socket continuations on the epoll thread
        """;

    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=governance_owner;Password=governance_owner";

    private const string DefaultApplication = "Username=governance;Password=governance";

    /// <summary>Set in the environment, .NET runs socket continuations on the epoll thread instead of the thread pool.</summary>
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static bool InlineCompletionsOn => Environment.GetEnvironmentVariable(InlineCompletions) == "1";

    /// <summary>The command that reproduces this run.</summary>
    public string Command
    {
        get
        {
            var defaults = Parse(Benchmark, []);
            var parts = new List<string>(InlineCompletionsOn ? [$"{InlineCompletions}=1"] : []);
            parts.AddRange(["dotnet run -c Release --project Benchmarks --", Benchmark, "--clients", $"{Clients}", "--seconds", $"{Seconds}"]);
            AddIfChanged(parts, "--rounds", Rounds, defaults.Rounds);
            AddIfChanged(parts, "--instances", Instances, defaults.Instances);
            AddIfChanged(parts, "--scale", Scale, defaults.Scale);
            if (!PooledContexts)
            {
                parts.AddRange(["--contexts", "plain"]);
            }

            AddIfChanged(parts, "--auto-prepare", AutoPrepare, defaults.AutoPrepare);
            AddIfChanged(parts, "--pending", Pending, defaults.Pending);
            AddIfChanged(parts, "--rate", Rate, defaults.Rate);
            return string.Join(' ', parts);
        }
    }

    /// <summary>
    /// <paramref name="ownerConnectionString"/> as the application role instead: what a Host the
    /// benchmark starts connects as for its work (it migrates with the owner's).
    /// </summary>
    public static string AsApplication(string ownerConnectionString)
    {
        var application = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Governance") ?? DefaultApplication);
        return new NpgsqlConnectionStringBuilder(ownerConnectionString) { Username = application.Username, Password = application.Password }.ConnectionString;
    }

    /// <summary>A connection string to <paramref name="database"/> on the benchmark server.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    public static BenchmarkOptions Parse(string benchmark, ReadOnlySpan<string> args)
    {
        // The open-loop bookings follow the load: 60 s a side; 64 connections as the closed loop's clients.
        // The live pages: 30 s a window, at the 50 transitions a second.
        var (clients, seconds, rate) = benchmark switch
        {
            OpenLoopBookingsBenchmark.BenchmarkName => (64, 60, 200),
            LivePagesBenchmark.BenchmarkName => (8, 30, 50),
            _ => (8, 20, 200),
        };
        var options = new BenchmarkOptions(benchmark, clients, seconds, 3, 1000, 10, ServerFromEnvironment(), FindPgbench(), PooledContexts: true, AutoPrepare: 64, Pending: 1_000_000, Rate: rate);
        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--clients" => options with { Clients = Positive(name, value) },
                "--seconds" => options with { Seconds = Positive(name, value) },
                "--rounds" => options with { Rounds = Positive(name, value) },
                "--instances" => options with { Instances = Positive(name, value) },
                "--scale" => options with { Scale = Positive(name, value) },
                "--contexts" => options with { PooledContexts = value switch
                {
                    "pooled" => true,
                    "plain" => false,
                    _ => throw new ArgumentException($"--contexts is plain or pooled, got '{value}'"),
                } },
                "--auto-prepare" => options with { AutoPrepare = NonNegative(name, value) },
                "--pending" => options with { Pending = Positive(name, value) },
                "--rate" => options with { Rate = Positive(name, value) },
                "--server" => options with { Server = value },
                "--pgbench" => options with { Pgbench = value },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        return options.Instances < options.Clients
            ? throw new ArgumentException("--instances must be at least --clients: every client works on instances of its own")
            : options;
    }

    private static void AddIfChanged(List<string> parts, string name, int value, int defaultValue)
    {
        if (value != defaultValue)
        {
            parts.AddRange([name, value.ToString(CultureInfo.InvariantCulture)]);
        }
    }

    private static int Positive(string name, string value) =>
        NonNegative(name, value) is > 0 and var n ? n : throw new ArgumentException($"{name} must be positive, got '{value}'");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{name} must be a whole number, got '{value}'");

    private static string ServerFromEnvironment()
    {
        // Only the server and the credentials: each benchmark names its own databases.
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__GovernanceOwner");
        return configured is null ? DefaultServer : new NpgsqlConnectionStringBuilder(configured) { Database = null }.ConnectionString;
    }

    private static string FindPgbench()
    {
        const string Debian = "/usr/lib/postgresql/15/bin/pgbench";
        return File.Exists(Debian) ? Debian : "pgbench";
    }
}
