using System.Globalization;

namespace Governance.Benchmarks.Infrastructure;

/// <summary>
/// CPU time used so far, in clock ticks summed over all cores, from Linux's <c>/proc</c>: the whole
/// machine's by kind (<c>/proc/stat</c>), and of the processes in a run: PostgreSQL (every
/// <c>postgres</c> process, and the backends that have exited, which the postmaster has reaped),
/// the Host, this benchmark with the pgbench runs it has reaped, and maildev. The rest of the busy
/// time is other work on the shared machine. Two readings give the shares of the span between them
/// (<see cref="Since"/>).
/// </summary>
internal sealed record CpuReading(long Busy, long Idle, long IoWait, long Steal, long Postgres, long Host, long Benchmark, long Maildev)
{
    /// <summary>Reads the counters; <paramref name="hostProcessId"/> is the Host's process, if one runs.</summary>
    public static CpuReading Read(int? hostProcessId)
    {
        if (!File.Exists("/proc/stat"))
        {
            return new(0, 0, 0, 0, 0, 0, 0, 0);
        }

        // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user).
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long At(int i) => i < f.Length ? long.Parse(f[i], CultureInfo.InvariantCulture) : 0;
        var (postgres, host, maildev) = (0L, 0L, 0L);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || Times(pid) is not { } times)
            {
                continue;
            }

            if (times.Command == "postgres")
            {
                postgres += times.Own + times.Children;
            }
            else if (pid == hostProcessId)
            {
                host += times.Own;
            }
            else if (times.Command == "node" && IsMaildev(pid))
            {
                maildev += times.Own;
            }
        }

        var self = Times(Environment.ProcessId) is { } own ? own.Own + own.Children : 0;
        return new(At(1) + At(2) + At(3) + At(6) + At(7), At(4), At(5), At(8), postgres, host, self, maildev);
    }

    /// <summary>The shares of the cores' time since <paramref name="start"/> (1 = every core all the time).</summary>
    public CpuShares Since(CpuReading start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var total = (double)Math.Max(1, Busy - start.Busy + (Idle - start.Idle) + (IoWait - start.IoWait) + (Steal - start.Steal));
        double Share(long now, long then) => (now - then) / total;
        return new(
            Share(Busy, start.Busy),
            Share(IoWait, start.IoWait),
            Share(Steal, start.Steal),
            Share(Postgres, start.Postgres),
            Share(Host, start.Host),
            Share(Benchmark, start.Benchmark),
            Share(Maildev, start.Maildev));
    }

    /// <summary>A process's name and its CPU ticks (user + system), its own and its reaped children's; null when it has gone.</summary>
    private static (string Command, long Own, long Children)? Times(int pid)
    {
        try
        {
            // pid (comm) state ppid … utime(14) stime(15) cutime(16) cstime(17): the name may hold spaces, so count from its ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var (open, close) = (stat.IndexOf('(', StringComparison.Ordinal), stat.LastIndexOf(')'));
            var fields = stat[(close + 2)..].Split(' ');
            long Field(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture);
            return (stat[(open + 1)..close], Field(14) + Field(15), Field(16) + Field(17));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsMaildev(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("maildev", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>
/// Fractions of all cores' time over a span: busy (user, system, interrupts), waiting for the disk
/// with nothing to run, taken by the hypervisor; of the busy time, PostgreSQL's, the Host's, the
/// benchmark's (with pgbench) and maildev's. <see cref="Other"/> is what other work on the machine used.
/// </summary>
internal sealed record CpuShares(double Busy, double IoWait, double Steal, double Postgres, double Host, double Benchmark, double Maildev)
{
    public double Other => Math.Max(0, Busy - Postgres - Host - Benchmark - Maildev);
}
