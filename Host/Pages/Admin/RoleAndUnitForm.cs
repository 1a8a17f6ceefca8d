using Governance.Host.Auth;

namespace Governance.Host.Pages.Admin;

/// <summary>What the role-and-unit fields (<c>_RoleAndUnit</c>) show: the choice so far, the units, the refusals.</summary>
public sealed record RoleAndUnitForm(string? Role, string? Scope, IReadOnlyList<OrgUnitChoice> Units, string? RoleError, string? ScopeError);
