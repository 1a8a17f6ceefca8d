using System.Globalization;

namespace Governance.Benchmarks.Infrastructure;

/// <summary>
/// The whole machine's CPU time so far by kind, in clock ticks over all cores, from Linux's
/// <c>/proc/stat</c>: PostgreSQL, the Host, the benchmark and whatever else runs on the shared
/// machine. Two readings give the shares of the span between them (<see cref="Since"/>).
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Idle, long IoWait, long Steal)
{
    public static MachineCpu Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return default;
        }

        // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user).
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long At(int i) => i < f.Length ? long.Parse(f[i], CultureInfo.InvariantCulture) : 0;
        return new(At(1) + At(2) + At(3) + At(6) + At(7), At(4), At(5), At(8));
    }

    /// <summary>The shares of the cores' time since <paramref name="start"/>: busy (user, system, interrupts), waiting for the disk with nothing to run, taken by the hypervisor.</summary>
    public CpuShares Since(MachineCpu start)
    {
        var (busy, idle, ioWait, steal) = (Busy - start.Busy, Idle - start.Idle, IoWait - start.IoWait, Steal - start.Steal);
        var total = (double)Math.Max(1, busy + idle + ioWait + steal);
        return new(busy / total, ioWait / total, steal / total);
    }
}

/// <summary>Fractions (0–1) of all cores' time over a span.</summary>
internal readonly record struct CpuShares(double Busy, double IoWait, double Steal);
