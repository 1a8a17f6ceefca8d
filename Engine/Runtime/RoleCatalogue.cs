using System.Collections.Frozen;

namespace Governance.Engine.Runtime;

/// <summary>
/// The roles an application's people act in, with the zh-CN names people read for them (diagrams,
/// refusals, timelines), in the order they are shown. The engine knows roles only as codes; the
/// application declares them once and registers this catalogue. The system's own actor is 系统, and
/// a code nobody declared is never shown: 其他角色.
/// </summary>
public sealed class RoleCatalogue
{
    private readonly FrozenDictionary<string, (string Name, int Order)> _roles;

    public RoleCatalogue(IEnumerable<(string Code, string DisplayName)> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var declared = roles.ToList();
        All = declared.Select(r => r.Code).ToList();
        _roles = declared.Select((r, i) => (r.Code, (r.DisplayName, i))).ToFrozenDictionary(r => r.Code, r => r.Item2);
    }

    /// <summary>The declared roles' codes, in their declared order.</summary>
    public IReadOnlyList<string> All { get; }

    public string DisplayName(string role) => role == Actor.SystemRole ? "系统" : _roles.TryGetValue(role, out var r) ? r.Name : "其他角色";

    /// <summary>Where <paramref name="role"/> stands in the declared order; the system and undeclared codes last.</summary>
    public int Order(string role) => _roles.TryGetValue(role, out var r) ? r.Order : _roles.Count;
}
