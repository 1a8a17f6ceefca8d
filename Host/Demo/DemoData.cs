using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.SafetyCampaign.Disputes;
using Microsoft.Extensions.Options;
using Governance.Host.Auth;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using System.Security.Claims;

namespace Governance.Host.Demo;

/// <summary>A demo account, printed by run.sh.</summary>
public sealed record DemoAccount(string Email, string Password, string DisplayName, string Role, string Scope);

/// <summary>
/// Demo data shaped like the articles: the hall (周口市行政服务中心) with windows for 商品房合同备案,
/// 不动产登记 and 契税 (each with its 办事指南) and weekday hours closing at 17:00; 项城市's 三零 organisation
/// (<see cref="XiangchengDemo"/>); one account per role; a dispute stuck on a failing timer for the
/// administrator's console (<see cref="StuckDisputeDemo"/>). Seeding twice changes nothing.
/// </summary>
public sealed class DemoData(
    IDbContextFactory<WorkflowDbContext> dbFactory,
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    WorkingCalendar calendar,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
    IDbContextFactory<EngineDbContext> engineContexts,
    WorkflowRuntime runtime,
    IConfiguration configuration,
    IOptions<DisputeOptions> disputeOptions)
{
    public const string Password = "Demo@2026";
    public const string HallCode = "zk-center";

    /// <summary>The demo items' 办事指南, by item code, as such halls publish them.</summary>
    private static readonly Dictionary<string, ServiceGuide> Guides = new()
    {
        ["SPFBA"] = new(
            "一楼 A 区 A01 窗口",
            ["买受人身份证原件及复印件", "商品房买卖合同（网签打印件，一式四份）", "开发企业营业执照副本复印件（加盖公章）", "商品房预售许可证复印件", "首付款缴款凭证"],
            "委托他人办理的，另带经公证的委托书和受托人身份证原件。",
            "即时办结"),
        ["BDCDJ"] = new(
            "一楼 A 区 A02 窗口",
            ["不动产登记申请书（窗口领取或网上下载）", "申请人身份证原件", "权属来源证明（买卖合同、继承公证书等）", "完税凭证", "户口簿及婚姻状况证明（结婚证或离婚证）"],
            "夫妻共有的须双方到场；未成年人由监护人代为申请，并带监护关系证明。",
            "5 个工作日（抵押登记 3 个工作日）"),
        ["QS"] = new(
            "二楼 B 区税务窗口",
            ["身份证原件", "不动产买卖合同（已网签备案）", "购房发票原件（新建商品房）", "户口簿及婚姻状况证明（申请首套、二套住房优惠的）", "本人银行卡（缴税用）"],
            "申请家庭首套、二套住房契税优惠的，须如实填报家庭住房情况；周日专场只受理已预约的群众。",
            "即时办结"),
    };

    public async Task SeedAsync(CancellationToken ct)
    {
        var hall = await SeedHallAsync(ct);
        await SeedSundaySessionsAsync(hall, ct);
        foreach (var role in Roles.All.Where(r => !roles.Roles.Any(x => x.Name == r)))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }

        var windows = await LoadWindowsAsync(hall.Id, ct);
        var city = await XiangchengDemo.SeedAsync(dbFactory, ct);
        var cityAccounts = XiangchengDemo.Accounts(city).ToList();
        foreach (var account in Accounts(hall, windows).Concat(cityAccounts))
        {
            await EnsureUserAsync(account);
        }

        var team = cityAccounts.Single(a => a.Role == Roles.VillageTeam);
        var teamUser = await users.FindByEmailAsync(team.Email) ?? throw new InvalidOperationException("Demo: the village team's account is missing.");
        await StuckDisputeDemo.SeedAsync(
            dbFactory, engineContexts, runtime, configuration, disputeOptions, city.Townships[0], city.Townships[0].Places[0],
            new Actor(teamUser.Id, team.DisplayName, team.Role, team.Scope), ct);
    }

    public static IReadOnlyList<DemoAccount> Accounts(Hall hall, IReadOnlyList<ServiceWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(hall);
        ArgumentNullException.ThrowIfNull(windows);
        var hallScope = $"hall/{hall.Id}";
        return
        [
            new("lead@demo.gov.cn", Password, hall.LeadName, Roles.HallLead, hallScope),
            .. windows.Select((w, i) => new DemoAccount($"staff{i + 1:00}@demo.gov.cn", Password, $"{w.Name}窗口 工作人员", Roles.WindowStaff, w.OrgUnit)),
            new("admin@demo.gov.cn", Password, "系统管理员", Roles.Admin, ""),

            // As a self-registered citizen is: no org unit; bookings need no account at all.
            new("citizen@demo.gov.cn", Password, "张三", Roles.Citizen, ""),
        ];
    }

    public async Task<IReadOnlyList<ServiceWindow>> LoadWindowsAsync(int hallId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<ServiceWindow>().AsNoTracking().Where(w => w.HallId == hallId).OrderBy(w => w.Code).ToListAsync(ct);
    }

    private async Task<Hall> SeedHallAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hall = await db.Set<Hall>().Include(h => h.OpeningHours).SingleOrDefaultAsync(h => h.Code == HallCode, ct);
        if (hall is null)
        {
            hall = new Hall(HallCode, "周口市行政服务中心", "王主任（值班领导）", "lead@demo.gov.cn");
            foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
            {
                hall.OpeningHours.Add(new OpeningHours(day, new TimeOnly(9, 0), new TimeOnly(12, 0)));
                hall.OpeningHours.Add(new OpeningHours(day, new TimeOnly(13, 0), new TimeOnly(17, 0)));
            }

            db.Add(hall);
            await db.SaveChangesAsync(ct);
        }

        // Each window serves the item of its name; a part missing from an older demo database is added.
        // A guide the hall has written since is its own: only an empty one is filled.
        foreach (var (code, name, itemCode) in new[] { ("A01", "商品房合同备案", "SPFBA"), ("A02", "不动产登记", "BDCDJ"), ("B01", "契税", "QS") })
        {
            var window = await db.Set<ServiceWindow>().SingleOrDefaultAsync(w => w.HallId == hall.Id && w.Code == code, ct) ?? db.Add(new ServiceWindow(hall.Id, code, name)).Entity;
            var item = await db.Set<ServiceItem>().SingleOrDefaultAsync(i => i.HallId == hall.Id && i.Code == itemCode, ct);
            if (item is null)
            {
                item = new ServiceItem(hall.Id, itemCode, name);
                item.Windows.Add(window);
                db.Add(item);
            }

            if (item.Guide.IsEmpty)
            {
                item.SetGuide(Guides[itemCode]);
            }
        }

        await db.SaveChangesAsync(ct);
        return hall;
    }

    /// <summary>Sunday 9:00–12:00 deed-tax sessions (周日契税专场) for the next two Sundays, as the article describes, and weekday ones.</summary>
    private async Task SeedSundaySessionsAsync(Hall hall, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deedTax = await db.Set<ServiceItem>().SingleAsync(i => i.HallId == hall.Id && i.Code == "QS", ct);
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        var sunday = today.AddDays(7 - (int)today.DayOfWeek);
        foreach (var date in new[] { sunday, sunday.AddDays(7) })
        {
            if (!await db.Set<AppointmentSession>().AnyAsync(s => s.HallId == hall.Id && s.ItemId == deedTax.Id && s.Date == date, ct))
            {
                db.Add(new AppointmentSession(hall, deedTax.Id, "周日契税专场", date, new TimeOnly(9, 0), new TimeOnly(12, 0), TimeSpan.FromMinutes(30), 10, calendar.IsWorkingDay(date)));
            }
        }

        // Weekday deed-tax appointments, today and the next working day, so a booking can be checked in
        // at the hall (签到取号) and called at a window on an ordinary working day too.
        var workingDays = Enumerable.Range(0, 10).Select(today.AddDays).Where(calendar.IsWorkingDay).Take(2);
        foreach (var date in workingDays)
        {
            if (!await db.Set<AppointmentSession>().AnyAsync(s => s.HallId == hall.Id && s.ItemId == deedTax.Id && s.Date == date, ct))
            {
                db.Add(new AppointmentSession(hall, deedTax.Id, "工作日契税预约", date, new TimeOnly(9, 0), new TimeOnly(17, 0), TimeSpan.FromHours(1), 10, isWorkingDay: true));
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task EnsureUserAsync(DemoAccount account)
    {
        if (await users.FindByEmailAsync(account.Email) is not null)
        {
            return;
        }

        var user = new AppUser { UserName = account.Email, Email = account.Email, EmailConfirmed = true, DisplayName = account.DisplayName };
        Check(await users.CreateAsync(user, account.Password));
        Check(await users.AddToRoleAsync(user, account.Role));
        Check(await users.AddClaimsAsync(user, [new Claim(CurrentActor.NameClaim, account.DisplayName), new Claim(CurrentActor.ScopeClaim, account.Scope)]));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo account: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
