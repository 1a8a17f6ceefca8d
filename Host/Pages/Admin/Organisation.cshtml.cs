using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Admin;

/// <summary>
/// The city's 三零 organisation as the administrator keeps it: townships with their officials, one
/// township's places with their linkage rosters (一村一警一员一连+N), the departments with their 事权;
/// townships, places, roster members and departments added (and members removed, departments
/// renamed, their office emails set) through the organisation's use cases.
/// </summary>
public sealed class OrganisationModel(
    OrganisationQueries organisation,
    AddTownshipHandler addTownship,
    AddPlaceHandler addPlace,
    ChangeRosterHandler roster,
    KeepDepartmentsHandler departments) : GovernancePage
{
    public sealed class TownshipInput
    {
        public int CityId { get; set; }

        public string? Code { get; set; }

        public string? Name { get; set; }

        public TownshipKind Kind { get; set; }
    }

    public sealed class PlaceInput
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public PlaceKind Kind { get; set; }
    }

    public sealed class MemberInput
    {
        public int PlaceId { get; set; }

        public RosterRole Role { get; set; } = RosterRole.PoliceOfficer;

        public string? Title { get; set; }

        public string? Name { get; set; }
    }

    public sealed class DepartmentInput
    {
        public int CityId { get; set; }

        public int DepartmentId { get; set; }

        public string? Code { get; set; }

        public string? Name { get; set; }

        public string? Email { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public int? TownshipId { get; set; }

    /// <summary>The place the roster form starts at: the one just added.</summary>
    [BindProperty(SupportsGet = true)]
    public int? PlaceId { get; set; }

    [BindProperty]
    public TownshipInput NewTownship { get; set; } = new();

    [BindProperty]
    public PlaceInput NewPlace { get; set; } = new();

    [BindProperty]
    public MemberInput NewMember { get; set; } = new();

    [BindProperty]
    public DepartmentInput Department { get; set; } = new();

    /// <summary>Which form was sent: its field errors are shown next to its fields, not the others'.</summary>
    public string? Posted { get; private set; }

    public IReadOnlyList<CityView> Cities { get; private set; } = [];

    public IReadOnlyList<TownshipSummary> Townships { get; private set; } = [];

    public TownshipSummary? Township { get; private set; }

    public IReadOnlyList<PlaceView> Places { get; private set; } = [];

    public IReadOnlyList<DepartmentView> Departments { get; private set; } = [];

    public IReadOnlyDictionary<int, string> DepartmentEmails { get; private set; } = new Dictionary<int, string>();

    public static string KindName(TownshipKind kind) => kind switch
    {
        TownshipKind.Xiang => "乡",
        TownshipKind.Subdistrict => "街道",
        _ => "镇",
    };

    public static string KindName(PlaceKind kind) => kind switch
    {
        PlaceKind.Community => "社区",
        PlaceKind.Unit => "单位",
        _ => "行政村",
    };

    /// <summary>The seat as the form offers it; the title field says it as the village does.</summary>
    public static string SeatName(RosterRole role) => role switch
    {
        RosterRole.PoliceOfficer => "一警：社区民警/辅警",
        RosterRole.Mediator => "一员：调解员",
        RosterRole.MilitiaCompany => "一连：民兵连",
        RosterRole.FirstSecretary => "第一书记",
        RosterRole.Lawyer => "+N：律师",
        RosterRole.GridWorker => "+N：网格员",
        _ => "+N：其他",
    };

    /// <summary>The accounts of an org unit; its page offers to make one, for the roster member named if any.</summary>
    public static string AccountsOf(string scope, string role, string? name) =>
        "/admin/accounts" + QueryString.Create(new Dictionary<string, string?> { ["scope"] = scope, ["role"] = role, ["displayName"] = name }.Where(p => p.Value is not null));

    /// <summary>A field's errors, if <paramref name="form"/> was the form sent.</summary>
    public string? Err(string form, string field) => Posted == form ? ErrorFor(field) : null;

    public async Task OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public Task<IActionResult> OnPostTownshipAsync(CancellationToken ct) =>
        ChangeAsync("township", async () =>
        {
            var township = await addTownship.HandleAsync(new AddTownship(NewTownship.CityId, NewTownship.Code, NewTownship.Name, NewTownship.Kind), Actor, ct);
            Done($"已新增{KindName(township.Kind)}：{township.Name}");
            TownshipId = township.Id;
        }, ct);

    public Task<IActionResult> OnPostPlaceAsync(CancellationToken ct) =>
        ChangeAsync("place", async () =>
        {
            var place = await addPlace.HandleAsync(new AddPlace(TownshipId ?? 0, NewPlace.Code, NewPlace.Name, NewPlace.Kind), Actor, ct);
            Done($"已新增{KindName(place.Kind)}：{place.Name}，请配备联动名册");
            PlaceId = place.Id;
        }, ct);

    public Task<IActionResult> OnPostMemberAsync(CancellationToken ct) =>
        ChangeAsync("member", async () =>
        {
            var member = await roster.HandleAsync(new AddRosterMember(NewMember.PlaceId, NewMember.Role, NewMember.Title, NewMember.Name), Actor, ct);
            Done($"名册已增加：{member.Title} {member.Name}");
        }, ct);

    public Task<IActionResult> OnPostRemoveMemberAsync(int placeId, int memberId, CancellationToken ct) =>
        ChangeAsync("remove", async () =>
        {
            await roster.HandleAsync(new RemoveRosterMember(placeId, memberId), Actor, ct);
            Done("已从名册移除");
        }, ct);

    public Task<IActionResult> OnPostDepartmentAsync(CancellationToken ct) =>
        ChangeAsync("department", async () =>
        {
            var department = await departments.HandleAsync(new AddDepartment(Department.CityId, Department.Code, Department.Name, Department.Email), Actor, ct);
            Done($"已新增部门：{department.Name}");
        }, ct);

    public Task<IActionResult> OnPostRenameAsync(CancellationToken ct) =>
        ChangeAsync("rename", async () =>
        {
            var department = await departments.HandleAsync(new RenameDepartment(Department.DepartmentId, Department.Name), Actor, ct);
            Done($"部门已更名：{department.Name}");
        }, ct);

    public Task<IActionResult> OnPostEmailAsync(CancellationToken ct) =>
        ChangeAsync("email", async () =>
        {
            var department = await departments.HandleAsync(new SetDepartmentEmail(Department.DepartmentId, Department.Email), Actor, ct);
            Done(department.Email is null ? $"已取消{department.Name}的办公邮箱" : $"{department.Name}的办公邮箱已设为 {department.Email}");
        }, ct);

    /// <summary>Runs one form's use case: done, back to the township shown; refused, the form again with its errors.</summary>
    private async Task<IActionResult> ChangeAsync(string form, Func<Task> change, CancellationToken ct)
    {
        Posted = form;

        // A value that did not bind (a kind no select offers) is refused, not replaced by the default and stored.
        if (ModelState.IsValid && await TryAsync(change))
        {
            return RedirectToPage(null, null, new { townshipId = TownshipId, placeId = PlaceId }, TownshipId is null ? null : "places");
        }

        await ShowAsync(ct);
        return Page();
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        Cities = await organisation.CitiesAsync(ct);
        Townships = await organisation.TownshipsAsync(ct);
        Departments = await organisation.DepartmentsAsync(ct);
        DepartmentEmails = await organisation.DepartmentEmailsAsync(ct);
        Township = Townships.FirstOrDefault(t => t.Id == TownshipId);
        Places = Township is null ? [] : await organisation.PlacesAsync(Township.Id, ct) ?? [];
        if (Posted != "member" && PlaceId is { } placeId)
        {
            NewMember.PlaceId = placeId;
        }
    }
}
