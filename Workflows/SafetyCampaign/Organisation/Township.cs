namespace Governance.Workflows.SafetyCampaign.Organisation;

/// <summary>A county-level city (市, e.g. 项城市): the top of the 三零 organisation tree.</summary>
public sealed class City
{
    private City()
    {
    }

    public City(string code, string name)
    {
        Code = code;
        Name = name;
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public List<Township> Townships { get; private set; } = [];

    public List<Department> Departments { get; private set; } = [];
}

/// <summary>What kind of township-level unit: 镇, 乡 or 街道.</summary>
public enum TownshipKind
{
    /// <summary>镇.</summary>
    Town,

    /// <summary>乡.</summary>
    Xiang,

    /// <summary>街道.</summary>
    Subdistrict,
}

/// <summary>
/// A township (镇/乡/街道) with its 综治中心: its officials hear of every warning, escalation and
/// 越级 of its villages. Its org unit <c>township/{id}</c> is the scope of its officials.
/// </summary>
public sealed class Township
{
    private Township()
    {
    }

    public Township(string code, string name, TownshipKind kind)
    {
        Code = code;
        Name = name;
        Kind = kind;
    }

    public int Id { get; private set; }

    public int CityId { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public TownshipKind Kind { get; private set; }

    public List<TownshipOfficial> Officials { get; private set; } = [];

    public List<Place> Places { get; private set; } = [];

    public static string OrgUnitOf(int townshipId) => $"township/{townshipId}";
}

/// <summary>A township official (镇/乡/街道 领导, 综治中心) who gets the township's alerts by email.</summary>
public sealed class TownshipOfficial
{
    private TownshipOfficial()
    {
    }

    public TownshipOfficial(string name, string title, string email)
    {
        Name = name;
        Title = title;
        Email = email;
    }

    public int Id { get; private set; }

    public int TownshipId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>e.g. 党委副书记、政法委员.</summary>
    public string Title { get; private set; } = "";

    public string Email { get; private set; } = "";
}
