using System.Globalization;
using System.Text.RegularExpressions;

namespace Governance.Workflows.Tests.Authorization;

/// <summary>
/// Who may use an endpoint or page: anyone, or the listed roles. <paramref name="Query"/> is what a
/// well-formed call adds, so that a use case's own role check is reached. <paramref name="ByRecord"/>:
/// the roles admitted are still refused a record outside their scope (another hall's window), so
/// for them any answer is right; the roles outside must be refused all the same.
/// </summary>
public sealed record Access(bool Anyone, IReadOnlySet<string> Roles, string Query = "", bool ByRecord = false)
{
    public bool Admits(string who) => Anyone || Roles.Contains(who);

    public Access With(string query) => this with { Query = query };

    public Access InScope() => this with { ByRecord = true };
}

/// <summary>The intended access to every endpoint the Host maps, as <c>METHOD /route pattern</c>.</summary>
public static partial class AccessMatrix
{
    public const string NoOne = "anonymous";

    private static readonly Access Anyone = new(true, new HashSet<string>());
    private static readonly Access SignedIn = Of([.. Workflows.Roles.All]);
    private static readonly Access Workers = Of([.. Workflows.Roles.All.Where(r => r != Workflows.Roles.Citizen)]);
    private static readonly Access HallStaff = Of(Workflows.Roles.WindowStaff, Workflows.Roles.HallLead);
    private static readonly Access HallManagement = Of(Workflows.Roles.HallLead, Workflows.Roles.Admin);
    private static readonly Access Lead = Of(Workflows.Roles.HallLead);
    private static readonly Access Admin = Of(Workflows.Roles.Admin);
    private static readonly Access Safety = Of(Workflows.Roles.VillageTeam, Workflows.Roles.TownshipOfficial, Workflows.Roles.Department, Workflows.Roles.ProxyHandler, Workflows.Roles.Admin);
    private static readonly Access Registrars = Of(Workflows.Roles.VillageTeam, Workflows.Roles.TownshipOfficial, Workflows.Roles.Admin);
    private static readonly Access HomeVisitRequesters = Of(Workflows.Roles.Citizen, Workflows.Roles.WindowStaff, Workflows.Roles.HallLead);
    private static readonly Access Officials = Of(Workflows.Roles.TownshipOfficial, Workflows.Roles.Admin);
    private static readonly Access Citizen = Of(Workflows.Roles.Citizen);
    private static readonly Access Poverty = Of(Workflows.Roles.VillageTeam, Workflows.Roles.TownshipOfficial, Workflows.Roles.Admin, Workflows.Roles.Citizen);
    private static readonly Access PovertyReporters = Of(Workflows.Roles.VillageTeam, Workflows.Roles.TownshipOfficial, Workflows.Roles.Citizen);

    public static IReadOnlyDictionary<string, Access> Rules { get; } = new Dictionary<string, Access>
    {
        // Pages.
        ["GET /"] = Anyone,
        ["GET /login"] = Anyone,
        ["GET /logout"] = Anyone,
        ["GET /denied"] = Anyone,
        ["GET /error"] = Anyone,
        ["GET /appointments"] = Anyone,
        ["GET /appointments/book/{slotId:int}"] = Anyone,
        ["GET /appointments/manage"] = Anyone,
        ["GET /appointments/booked"] = Anyone,
        ["GET /appointments/calendar"] = Anyone,
        ["GET /register"] = Anyone,
        ["GET /rate/{token}"] = Anyone,
        ["GET /staff/window/{windowId:int?}"] = HallStaff.InScope(),
        ["GET /staff/extended-hours"] = HallStaff,
        ["GET /hall/kiosk/{key}"] = Anyone,
        ["GET /hall/kiosk/{key}/slip"] = Anyone,
        ["GET /t/{key}"] = Anyone,
        ["GET /hall/{hallId:int}/screen"] = Anyone,
        ["GET /hall/{hallId:int}/tickets"] = Anyone,
        ["GET /lead"] = Lead,
        ["GET /staff/home-visits"] = HallStaff,
        ["GET /staff/home-visits/{id:guid}"] = HallStaff.InScope(),
        ["GET /lead/ratings"] = Lead,
        ["GET /lead/rectifications"] = Lead,
        ["GET /lead/rectifications/{id:guid}"] = Lead,
        ["GET /sanling"] = Safety,
        ["GET /sanling/register"] = Safety,
        ["GET /sanling/alerts"] = Officials,
        ["GET /sanling/disputes/{id:guid}"] = Safety,
        ["GET /sanling/ranking/{month?}"] = Registrars,
        ["GET /sanling/ranking/{month}/print"] = Registrars,
        ["GET /my/disputes"] = Citizen,
        ["GET /my/disputes/{id:guid}"] = Citizen.InScope(),
        ["GET /my/home-visits"] = Citizen,
        ["GET /my/home-visits/{id:guid}"] = Citizen.InScope(),
        ["GET /sanling/registers"] = Registrars,
        ["GET /admin"] = Admin,
        ["GET /admin/holidays"] = Admin,
        ["GET /admin/organisation"] = Admin,
        ["GET /admin/halls"] = Admin,
        ["GET /admin/limits"] = Admin,
        ["GET /admin/mail"] = Admin,
        ["GET /admin/accounts"] = Admin,
        ["GET /admin/accounts/{id}"] = Admin.InScope(),
        ["GET /admin/health"] = Admin,
        ["GET /admin/metrics"] = Admin,
        ["GET /admin/poverty"] = Admin,
        ["GET /admin/workflows"] = Admin,
        ["GET /admin/instances"] = Admin,
        ["GET /admin/instances/{id:guid}"] = Admin,
        ["GET /poverty"] = Poverty,
        ["GET /poverty/warnings/{id:guid}"] = Poverty.InScope(),
        ["GET /poverty/report"] = PovertyReporters,

        // Operations.
        ["GET /api/live/events"] = Anyone.With("?topics=queue-ticket%20hall/1"),
        ["GET /health"] = Anyone,

        // And any request from this machine (a Prometheus beside the Host): the test server's have
        // no address, so only the administrator passes here (LoopbackScrapeTests asks over loopback).
        ["GET /metrics"] = Admin,
        ["GET /openapi/{documentName}.json"] = Anyone,
        ["GET /scalar/{documentName?}"] = Anyone,
        ["GET /scalar/favicon.svg"] = Anyone,
        ["GET /scalar/scalar.aspnetcore.js"] = Anyone,
        ["GET /scalar/scalar.js"] = Anyone,
        ["GET /hangfire/{**path}"] = Admin,

        // Sign-in (ASP.NET Core Identity's endpoints).
        ["POST /auth/register"] = Anyone,
        ["POST /auth/login"] = Anyone,
        ["POST /auth/refresh"] = Anyone,
        ["GET /auth/confirmEmail"] = Anyone,
        ["POST /auth/resendConfirmationEmail"] = Anyone,
        ["POST /auth/forgotPassword"] = Anyone,
        ["POST /auth/resetPassword"] = Anyone,
        ["POST /auth/manage/2fa"] = SignedIn,
        ["GET /auth/manage/info"] = SignedIn,
        ["POST /auth/manage/info"] = SignedIn,

        // The engine.
        ["GET /api/workflows/definitions"] = SignedIn,
        ["GET /api/workflows/definitions/{name}/diagram"] = SignedIn,
        ["GET /api/workflows/definitions/{name}/versions/{version:int}/diagram"] = SignedIn,
        ["POST /api/work-queues/claim-next"] = Workers.With("?queue=hall/1/window/1").InScope(),
        ["GET /api/work-queues/"] = Workers.With("?queue=hall/1/window/1").InScope(),
        ["GET /api/calendar/years"] = SignedIn,
        ["PUT /api/calendar/years/{year:int}"] = Admin,

        // Service hall: citizens without an account book, check in and rate; staff serve.
        ["GET /api/appointments/sessions"] = Anyone.With("?hallId=1"),
        ["GET /api/appointments/items"] = Anyone.With("?hallId=1"),
        ["POST /api/appointments/"] = Anyone,
        ["GET /api/appointments/{reference}"] = Anyone.With("?phone=13900000000"),
        ["GET /api/appointments/{reference}/calendar"] = Anyone.With("?phone=13900000000"),
        ["POST /api/appointments/{reference}/cancel"] = Anyone,
        ["POST /api/appointments/{reference}/reschedule"] = Anyone,
        ["POST /api/appointments/sessions"] = HallManagement,
        ["POST /api/queue/check-in"] = Anyone,
        ["POST /api/queue/tickets"] = HallStaff,
        ["POST /api/queue/windows/{windowId:int}/call-next"] = HallStaff.InScope(),
        ["POST /api/queue/tickets/{id:guid}/transfer"] = HallStaff,
        ["POST /api/queue/tickets/{id:guid}/return"] = HallStaff,
        ["POST /api/queue/tickets/{id:guid}/complete"] = HallStaff,
        ["POST /api/queue/tickets/{id:guid}/recall"] = HallStaff,
        ["POST /api/queue/tickets/{id:guid}/arrive"] = HallStaff,
        ["POST /api/queue/tickets/{id:guid}/set-aside"] = HallStaff,
        ["POST /api/queue/tickets/{id:guid}/rejoin"] = HallStaff,
        ["GET /api/queue/halls/{hallId:int}/screen"] = Anyone,
        ["GET /api/queue/ticket-status"] = Anyone.With("?key=x"),
        ["GET /api/queue/windows/{windowId:int}"] = HallStaff.InScope(),
        ["POST /api/queue/windows/{windowId:int}/close"] = HallStaff.InScope(),
        ["GET /api/queue/trips"] = HallManagement.With("?hallId=1"),
        ["GET /api/queue/figures"] = HallManagement.With("?hallId=1&period=today"),
        ["GET /api/queue/figures.xlsx"] = HallManagement.With("?hallId=1&period=month"),
        ["POST /api/extended-hours/"] = HallStaff,
        ["POST /api/extended-hours/{id:guid}/serve"] = HallStaff,
        ["POST /api/extended-hours/{id:guid}/withdraw"] = HallStaff,
        ["GET /api/extended-hours/{id:guid}"] = HallStaff,
        ["GET /api/extended-hours/"] = HallStaff,

        // Home visits and rectifications: any signed-in person reaches them, the use case admits
        // the requester (citizen or staff) and the hall's lead; others find nothing (404).
        ["POST /api/home-visits/"] = HomeVisitRequesters,
        ["POST /api/home-visits/{id:guid}/approve"] = SignedIn,
        ["POST /api/home-visits/{id:guid}/reject"] = SignedIn,
        ["POST /api/home-visits/{id:guid}/schedule"] = SignedIn,
        ["POST /api/home-visits/{id:guid}/record"] = SignedIn,
        ["POST /api/home-visits/{id:guid}/close"] = SignedIn,
        ["POST /api/home-visits/{id:guid}/cancel"] = SignedIn,
        ["POST /api/home-visits/{id:guid}/clock/pause"] = SignedIn,
        ["POST /api/home-visits/{id:guid}/clock/resume"] = SignedIn,
        ["GET /api/home-visits/{id:guid}"] = SignedIn,
        ["GET /api/home-visits/"] = SignedIn,
        ["POST /api/ratings/invitations"] = HallStaff,
        ["GET /api/ratings/{token:length(32)}"] = Anyone,
        ["POST /api/ratings/{token:length(32)}"] = Anyone,
        ["POST /api/ratings/{token:length(32)}/appeal"] = Anyone,
        ["GET /api/ratings/rectifications/{id:guid}"] = SignedIn,
        ["POST /api/ratings/rectifications/{id:guid}/call-back"] = SignedIn,
        ["POST /api/ratings/rectifications/{id:guid}/verify"] = SignedIn,
        ["POST /api/ratings/rectifications/{id:guid}/rectify"] = SignedIn,
        ["POST /api/ratings/rectifications/{id:guid}/report-back"] = SignedIn,
        ["POST /api/ratings/rectifications/{id:guid}/review"] = SignedIn,
        ["GET /api/ratings/rollup"] = HallManagement.With("?hallId=1"),
        ["GET /api/ratings/rollup.xlsx"] = HallManagement.With("?hallId=1&month=2026-11"),

        // 三零.
        ["POST /api/disputes/"] = Registrars,
        ["POST /api/disputes/{id:guid}/escalate"] = Safety,
        ["POST /api/disputes/{id:guid}/refer"] = Safety,
        ["POST /api/disputes/{id:guid}/refer-joint"] = Safety,
        ["GET /api/disputes/{id:guid}/joint"] = Safety,
        ["POST /api/disputes/joint/{id:guid}/finish"] = Safety,
        ["POST /api/disputes/{id:guid}/deliver"] = Safety,
        ["POST /api/disputes/{id:guid}/extend"] = Safety,
        ["POST /api/disputes/{id:guid}/resolve"] = Safety,
        ["POST /api/disputes/{id:guid}/follow-up"] = Safety,
        ["GET /api/disputes/{id:guid}"] = Safety,
        ["GET /api/disputes/"] = Safety,
        ["POST /api/disputes/{id:guid}/parties/{party:int}/reveal"] = Of(Workflows.Roles.VillageTeam, Workflows.Roles.ProxyHandler).InScope(),
        ["POST /api/my/disputes/"] = Citizen,
        ["GET /api/my/disputes/{id:guid}"] = Citizen.InScope(),
        ["GET /api/my/disputes/"] = Citizen,
        ["GET /api/safety/townships"] = Safety,
        ["GET /api/safety/townships/{id:int}/places"] = Safety,
        ["GET /api/safety/departments"] = Safety,
        ["GET /api/safety/alerts"] = Officials,
        ["GET /api/safety/townships/{id:int}/ledger.csv"] = Officials.With("?month=2026-11"),
        ["GET /api/safety/townships/{id:int}/ledger.xlsx"] = Officials.With("?month=2026-11"),
        ["GET /api/safety/townships/{id:int}/registers.xlsx"] = Officials.With("?month=2026-11"),
        ["POST /api/safety/accidents"] = Registrars,
        ["POST /api/safety/cases"] = Registrars,
        ["GET /api/safety/accidents"] = Registrars,
        ["GET /api/safety/cases"] = Registrars,
        ["GET /api/safety/accidents/{id:guid}"] = Registrars,
        ["GET /api/safety/cases/{id:guid}"] = Registrars,
        ["GET /api/safety/three-zeros"] = Registrars.With("?townshipId={township}&month=2026-11"),
        ["GET /api/safety/rankings/"] = Registrars,
        ["GET /api/safety/rankings/{month}"] = Registrars,
        ["GET /api/safety/rankings/{month}/ranking.xlsx"] = Registrars,
        ["POST /api/safety/rankings/{month}"] = Admin,

        // 防返贫: the administrator imports; cadres and families report; a warning's steps are the definition's.
        ["POST /api/poverty/imports"] = Admin,
        ["GET /api/poverty/imports"] = Admin,
        ["POST /api/poverty/reports"] = PovertyReporters,
        ["POST /api/poverty/warnings/{id:guid}/verify"] = SignedIn,
        ["POST /api/poverty/warnings/{id:guid}/include"] = SignedIn,
        ["POST /api/poverty/warnings/{id:guid}/exclude"] = SignedIn,
        ["POST /api/poverty/warnings/{id:guid}/plan"] = SignedIn,
        ["POST /api/poverty/warnings/{id:guid}/follow-up"] = SignedIn,
        ["POST /api/poverty/warnings/{id:guid}/eliminate"] = SignedIn,
        ["GET /api/poverty/warnings/{id:guid}"] = SignedIn,
        ["GET /api/poverty/warnings"] = SignedIn,
        ["GET /api/poverty/figures"] = Officials,

        // What the administrator keeps: the organisation and the halls' catalogue.
        ["GET /api/admin/workflows/"] = Admin,
        ["POST /api/admin/workflows/{name}/migrations"] = Admin,
        ["GET /api/admin/instances/"] = Admin,
        ["POST /api/admin/instances/by-person"] = Admin,
        ["GET /api/admin/instances/{id:guid}"] = Admin,
        ["POST /api/admin/instances/{id:guid}/cancel"] = Admin,
        ["POST /api/admin/instances/{id:guid}/timers/{timerId:guid}/retry"] = Admin,
        ["POST /api/admin/instances/{id:guid}/outbox/{outboxId:guid}/resend"] = Admin,
        ["POST /api/admin/organisation/townships"] = Admin,
        ["POST /api/admin/organisation/townships/{townshipId:int}/places"] = Admin,
        ["POST /api/admin/organisation/places/{placeId:int}/roster"] = Admin,
        ["DELETE /api/admin/organisation/places/{placeId:int}/roster/{memberId:int}"] = Admin,
        ["POST /api/admin/organisation/departments"] = Admin,
        ["PUT /api/admin/organisation/departments/{departmentId:int}/name"] = Admin,
        ["PUT /api/admin/organisation/departments/{departmentId:int}/email"] = Admin,
        ["PUT /api/admin/halls/{hallId:int}/hours"] = Admin,
        ["POST /api/admin/halls/{hallId:int}/windows"] = Admin,
        ["POST /api/admin/halls/{hallId:int}/items"] = Admin,
        ["PUT /api/admin/items/{itemId:int}/windows"] = Admin,

        // The items' 办事指南: the hall lead keeps their own hall's (another hall's item is not found).
        ["PUT /api/admin/items/{itemId:int}/guide"] = HallManagement,
    };

    /// <summary>A path for a route pattern, its parameters filled with well-formed values.</summary>
    public static string Sample(string pattern, int townshipId) => Parameter().Replace(pattern, m => m.Groups[1].Value switch
    {
        "id:guid" or "timerId:guid" or "outboxId:guid" => Guid.Empty.ToString(),
        "id:int" or "townshipId:int" => townshipId.ToString(CultureInfo.InvariantCulture),

        // Records that do not exist: the administrator's call must be refused as bad input, not change the test city.
        "placeId:int" or "memberId:int" or "departmentId:int" or "itemId:int" => "0",
        "hallId:int" => "1",
        "windowId:int" or "slotId:int" => "1",
        "party:int" => "0",
        "year:int" => "1999",
        "version:int" => "1",
        "month" or "month?" => "2026-11",
        "token" or "token:length(32)" => new string('a', 32),
        "reference" => "NOSUCHREF",
        "name" => "sanling-dispute",
        "documentName" => "v1",
        _ => "",
    });

    private static Access Of(params string[] roles) => new(false, roles.ToHashSet());

    [GeneratedRegex(@"\{\**([^}]+)\}")]
    private static partial Regex Parameter();
}
