using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Administration;

/// <summary>
/// The administrator enters a year's holiday arrangement from the State Council's notice, in the
/// form of <c>cn-holidays.json</c>: <c>off</c> as [first, last, name] per period, <c>makeUpWorkdays</c>
/// as dates (yyyy-MM-dd). Entering a year again corrects it. The limits counted provisionally
/// through that year are then counted again (<see cref="RecomputeProvisionalLimits"/>).
/// </summary>
public sealed record EnterHolidayYear(int Year, string? Source, string[][]? Off, string[]? MakeUpWorkdays);

public sealed class EnterHolidayYearHandler(
    IDbContextFactory<EngineDbContext> dbFactory,
    WorkingCalendar calendar,
    HolidayYears years,
    RecomputeProvisionalLimits recompute,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>
    /// Checks and stores the arrangement, loads it, and recomputes the provisional limits it settles;
    /// bad input throws <see cref="RequestValidationException"/> and stores nothing. Returns the year
    /// and how many limits were recomputed (a crash in between leaves the rest to the next reload).
    /// </summary>
    public async Task<(HolidayYear Year, int Recomputed)> HandleAsync(EnterHolidayYear command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role != Roles.Admin)
        {
            throw new UnauthorizedAccessException("只有系统管理员可以录入节假日安排");
        }

        new Validation()
            .Check(command.Year is >= 2000 and <= 2100, "year", "年份有误")
            .Text(command.Source, "source", 200)
            .Check(command.Off is not null, "off", "必填（全年放假安排，可为空数组）")
            .Check(command.MakeUpWorkdays is not null, "makeUpWorkdays", "必填（调休上班日，可为空数组）")
            .ThrowIfInvalid();

        var year = Checked(() => HolidayData.YearOf(command.Year, command.Off!, command.MakeUpWorkdays!));

        // Against the other years in force: a period reaching into a neighbouring year must agree with it.
        Checked(() => new WorkingCalendar(calendar.Arrangements.Where(y => y.Year != year.Year).Append(year)));

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Add(new HolidayYearEntry(year, command.Source!.Trim(), $"{actor.Name} ({actor.Id})", clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
        }

        await years.RefreshAsync(ct);
        return (year, await recompute.RunAsync(ct));
    }

    private static T Checked<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            var field = ex.Data[HolidayData.FieldKey] as string ?? "off";
            throw new RequestValidationException(new Dictionary<string, string[]> { [field] = [ex.Message] });
        }
    }
}
