using Governance.Benchmarks;
using Governance.Benchmarks.Infrastructure;

// Each benchmark is one file with one IBenchmark; add a new one to this list.
IBenchmark[] benchmarks = [new TransitionsBenchmark(), new BookingsBenchmark(), new OpenLoopBookingsBenchmark(), new CallNextBenchmark(), new TimersBenchmark(), new IdleBenchmark(), new LivePagesBenchmark()];

if (args.Length == 0 || args[0] is "-h" or "--help" || benchmarks.All(b => b.Name != args[0]))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Benchmarks -- <benchmark> [options]");
    Console.Error.WriteLine();
    foreach (var b in benchmarks)
    {
        Console.Error.WriteLine($"  {b.Name,-14}{b.Summary}");
    }

    Console.Error.WriteLine();
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return args.Length > 0 && args[0] is "-h" or "--help" ? 0 : 2;
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args[0], args.AsSpan(1));
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await benchmarks.Single(b => b.Name == args[0]).RunAsync(options, cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
