using Governance.Host.Pages.Sanling;
using Governance.Workflows.Lists;

namespace Governance.Host.Pages.Shared;

/// <summary>
/// What a list's filter form offers (the form is a GET: its fields are the URL's query string,
/// the status tab rides along hidden): search always; level, place (township → village) and
/// clock where the list has them; <see cref="Keep"/> for a page's own fields (month, township).
/// </summary>
public sealed record ListFilters(ListQuery Query, string SearchLabel)
{
    public IReadOnlyList<(string Value, string Name)>? Levels { get; init; }

    /// <summary>The places to narrow by; null for a list without a place filter (or a reader with one place).</summary>
    public IReadOnlyList<ReachablePlace>? Places { get; init; }

    public bool Clock { get; init; }

    public IReadOnlyList<(string Name, string? Value)> Keep { get; init; } = [];

    public IEnumerable<(int Id, string Name)> Townships => (Places ?? []).Select(p => (p.TownshipId, p.Township)).Distinct();
}
