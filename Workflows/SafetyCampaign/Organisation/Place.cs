namespace Governance.Workflows.SafetyCampaign.Organisation;

/// <summary>Where a matter arises and is first worked: a village, a community or a unit.</summary>
public enum PlaceKind
{
    /// <summary>行政村.</summary>
    Village,

    /// <summary>社区.</summary>
    Community,

    /// <summary>企事业单位.</summary>
    Unit,
}

/// <summary>
/// A village (村), community (社区) or unit (企事业单位) of a township: the level where 零上访
/// wants matters resolved. Its org unit <c>township/{t}/place/{id}</c> is its linkage team's scope.
/// </summary>
public sealed class Place
{
    private Place()
    {
    }

    public Place(string code, string name, PlaceKind kind)
    {
        Code = code;
        Name = name;
        Kind = kind;
    }

    public int Id { get; private set; }

    public int TownshipId { get; private set; }

    public Township? Township { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public PlaceKind Kind { get; private set; }

    /// <summary>一村一警一员一连+N.</summary>
    public List<RosterMember> Roster { get; private set; } = [];

    public static string OrgUnitOf(int townshipId, int placeId) => $"{Township.OrgUnitOf(townshipId)}/place/{placeId}";

    /// <summary>Whether <paramref name="role"/> is a seat the place has at most one of, and it is taken.</summary>
    public bool IsTaken(RosterRole role) => RosterMember.SingleSeats.Contains(role) && Roster.Any(m => m.Role == role);

    /// <summary>Seats a person on the roster; a second police officer, mediator, militia company or first secretary is refused.</summary>
    public RosterMember Seat(RosterRole role, string title, string name)
    {
        if (IsTaken(role))
        {
            throw new InvalidOperationException($"{Name} already has its {role}");
        }

        var member = new RosterMember(role, title, name);
        Roster.Add(member);
        return member;
    }
}

/// <summary>A seat of the linkage roster (一村一警一员一连+N): the first three are one each per village, the rest the "+N".</summary>
public enum RosterRole
{
    /// <summary>社区民警/辅警 (一警): takes the matters in police jurisdiction.</summary>
    PoliceOfficer,

    /// <summary>调解员 (一员): leads the team on every other matter.</summary>
    Mediator,

    /// <summary>民兵连 (一连), named by its company commander.</summary>
    MilitiaCompany,

    /// <summary>第一书记 (驻村第一书记, with a work team).</summary>
    FirstSecretary,

    /// <summary>律师 / 法律顾问.</summary>
    Lawyer,

    /// <summary>网格员.</summary>
    GridWorker,

    /// <summary>Any other named seat of the "+N" (e.g. 乡贤, 妇联主席), with its title.</summary>
    Other,
}

/// <summary>One person (or, for the militia company, its commander) on a place's linkage roster.</summary>
public sealed class RosterMember
{
    private RosterMember()
    {
    }

    public RosterMember(RosterRole role, string title, string name)
    {
        Role = role;
        Title = title;
        Name = name;
    }

    public int Id { get; private set; }

    public int PlaceId { get; private set; }

    public RosterRole Role { get; private set; }

    /// <summary>The seat as people say it: 社区民警, 调解员, 民兵连长, 第一书记, 律师, 网格员…</summary>
    public string Title { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>The seats a place has at most one of.</summary>
    public static IReadOnlyList<RosterRole> SingleSeats { get; } = [RosterRole.PoliceOfficer, RosterRole.Mediator, RosterRole.MilitiaCompany, RosterRole.FirstSecretary];
}
