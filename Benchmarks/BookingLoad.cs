using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Governance.Workflows;
using Governance.Workflows.Privacy;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Governance.Benchmarks;

/// <summary>
/// What the two bookings benchmarks (<see cref="BookingsBenchmark"/>, closed loop, and
/// <see cref="OpenLoopBookingsBenchmark"/>) share: the hall they book in, the residents who book,
/// one booking over HTTP as a citizen's browser or app makes it, and the rows checked afterwards.
/// </summary>
internal static class BookingLoad
{
    /// <summary>
    /// Seconds of each side before a run's rounds: JIT, pools, caches. After 10 s the Host's first
    /// measured round still spent 1.6–1.8 times the CPU per booking of the next two; with tiered
    /// compilation off (<c>DOTNET_TieredCompilation=0</c>) the three rounds were alike, so that was
    /// the JIT still moving hot methods to their optimised tier, not the pools or the emails.
    /// </summary>
    public const int WarmUpSeconds = 30;

    /// <summary>The slots most people want (the Sunday deed-tax morning), and their share of the bookings.</summary>
    public const int HotSlots = 20;

    public const double HotShare = 0.8;

    public static WorkflowDbContext Open(string connectionString) =>
        new((DbContextOptions<WorkflowDbContext>)new DbContextOptionsBuilder<WorkflowDbContext>().UseGovernanceDatabase(connectionString).Options);

    /// <summary>A hall with one item (契税) served at one window, saved.</summary>
    public static async Task<(Hall Hall, ServiceItem Item)> SeedHallAsync(WorkflowDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hall = new Hall("bench-hall", "压测服务中心", "压测值班领导", "lead@bench.example");
        db.Add(hall);
        await db.SaveChangesAsync(ct);
        var window = new ServiceWindow(hall.Id, "B01", "契税");
        var item = new ServiceItem(hall.Id, "QS", "契税");
        item.Windows.Add(window);
        db.Add(item);
        await db.SaveChangesAsync(ct);
        return (hall, item);
    }

    /// <summary>
    /// <c>POST /api/appointments</c> for a new person: booked (201), refused because the slot is full
    /// (409 “该时段已约满”), or anything else, with what the Host answered then.
    /// </summary>
    public static async Task<(BookingOutcome Outcome, string? Failure)> PostAsync(HttpClient http, People people, int itemId, int slotId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(people);
        var person = people.Next();
        var body = new BookAppointment(itemId, slotId, "压测用户", person.Phone, person.IdNumber, $"bench{person.N}@bench.example");
        using var response = await http.PostAsJsonAsync(new Uri("/api/appointments", UriKind.Relative), body, ct);
        var answer = response.StatusCode == HttpStatusCode.Created ? "" : await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode switch
        {
            HttpStatusCode.Created => (BookingOutcome.Booked, null),
            HttpStatusCode.Conflict when answer.Contains("该时段已约满", StringComparison.Ordinal) => (BookingOutcome.Full, null),
            _ => (BookingOutcome.Failed, $"{(int)response.StatusCode}: {answer}"),
        };
    }

    /// <summary>A count (or sum) the query returns.</summary>
    public static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}

internal enum BookingOutcome
{
    Booked,
    Full,
    Failed,
}

/// <summary>Made-up residents, a new one per request: valid ID numbers (GB 11643 check digit) and phones.</summary>
internal sealed class People
{
    private int _last;

    public (int N, string IdNumber, string Phone) Next()
    {
        var n = Interlocked.Increment(ref _last);
        // A real birth date (from 1950 on, one day per thousand), as ID numbers are checked wholly.
        var body = $"412722{new DateOnly(1950, 1, 1).AddDays(n / 1000):yyyyMMdd}{n % 1000:000}";
        return (n, body + PersonalData.IdCheckDigit(body), $"137{n:00000000}");
    }
}
