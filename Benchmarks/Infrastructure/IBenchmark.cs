namespace Governance.Benchmarks.Infrastructure;

/// <summary>One measured claim of BENCHMARKS.md: prints its markdown section to stdout, progress to stderr.</summary>
internal interface IBenchmark
{
    /// <summary>The first command-line argument that selects it.</summary>
    string Name { get; }

    string Summary { get; }

    /// <summary>0 when the measurement ran and its rows check out (whatever the verdict), non-zero on error.</summary>
    Task<int> RunAsync(BenchmarkOptions options, CancellationToken ct);
}
