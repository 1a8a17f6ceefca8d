namespace Governance.Workflows.SafetyCampaign.Organisation;

/// <summary>
/// A city department (市直部门) and the kinds of matter it holds authority (事权) over: where a
/// matter the township cannot settle is carried by a proxy handler (代办). Its org unit is
/// <c>department/{id}</c>; it reaches the matters assigned to it, not a part of the township tree.
/// </summary>
public sealed class Department
{
    private Department()
    {
    }

    public Department(string code, string name, string? email = null)
    {
        Code = code;
        Name = name;
        Email = email;
    }

    public int Id { get; private set; }

    public int CityId { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>The department's office address (no person's): where the warnings and overdue alerts of its part in a joint handling (联合办理) go; none when absent.</summary>
    public string? Email { get; private set; }

    public List<DepartmentAuthority> Authorities { get; private set; } = [];

    public void Rename(string name) => Name = name;

    public void SetEmail(string? email) => Email = email;

    public static string OrgUnitOf(int departmentId) => $"department/{departmentId}";

    /// <summary>The department id of an org unit <c>department/{id}</c>, or null.</summary>
    public static int? IdOf(string orgUnit) =>
        orgUnit is { } unit && unit.StartsWith("department/", StringComparison.Ordinal) && int.TryParse(unit.AsSpan("department/".Length), out var id) ? id : null;
}

/// <summary>One kind of matter a department holds authority (事权) over.</summary>
public sealed class DepartmentAuthority
{
    private DepartmentAuthority()
    {
    }

    public DepartmentAuthority(MatterCategory category) => Category = category;

    public int DepartmentId { get; private set; }

    public MatterCategory Category { get; private set; }
}
