namespace Governance.Benchmarks.Infrastructure;

/// <summary>Order statistics for small samples.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values.Order().ToArray(), 0.5);

    /// <summary>The <paramref name="p"/> quantile of sorted values, interpolated between neighbours.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}

/// <summary>The median, p95, p99 and maximum of a sample (NaN when it is empty), in the sample's unit.</summary>
internal sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return new(
            sorted.Length,
            Stats.Percentile(sorted, 0.5),
            Stats.Percentile(sorted, 0.95),
            Stats.Percentile(sorted, 0.99),
            sorted.Length == 0 ? double.NaN : sorted[^1]);
    }
}
