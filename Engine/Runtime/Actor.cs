namespace Governance.Engine.Runtime;

/// <summary>
/// Who fires a trigger: a signed-in person acting in a role within an org unit (<paramref name="Scope"/>,
/// e.g. <c>hall/1</c>; empty for city-wide roles), or the system (timers).
/// </summary>
public sealed record Actor(string Id, string Name, string Role, string Scope = "")
{
    public const string SystemRole = "system";

    /// <summary>The engine itself, e.g. an SLA timer that ran out.</summary>
    public static Actor System { get; } = new("system", "系统", SystemRole);

    /// <summary>Whether work of <paramref name="orgUnit"/> lies within this actor's scope.</summary>
    public bool CanSee(string orgUnit) => Scope.Length == 0 || $"{orgUnit}/".StartsWith($"{Scope.TrimEnd('/')}/", StringComparison.Ordinal);
}
