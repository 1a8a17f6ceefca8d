using Governance.Engine.Runtime;
using Governance.Host.Pages.Shared;
using Governance.Notifications;
using Governance.Workflows.Administration;
using Governance.Workflows.Lists;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Admin;

/// <summary>
/// 实例查询: the instance console's search. Its filters ride in the query string (a link or a
/// refresh shows the same list); a person's ID number only in the body of a POST, answered with
/// the list at once and never put back on the page, so it is in no URL, history or log. A person
/// has few instances: their search shows the newest page, and the other filters narrow it.
/// </summary>
public sealed class InstancesModel(InstanceSearch search, OutboxQueries outbox, WorkflowRegistry registry) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string? Workflow { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Version { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? OrgUnit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Clock { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Stuck { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? IdleDays { get; set; }

    [BindProperty(SupportsGet = true, Name = ListLinks.PageKey)]
    public int PageNumber { get; set; } = 1;

    /// <summary>The filters as the search takes them (the person's search starts at its first page).</summary>
    public InstanceQuery Query => new() { Workflow = Workflow, Version = Version, State = State, OrgUnit = OrgUnit, Clock = Clock, Stuck = Stuck, IdleDays = IdleDays, PageNo = ByPerson ? 1 : PageNumber };

    [BindProperty]
    public string? IdNumber { get; set; }

    public ListPage<InstanceRow> List { get; private set; } = ListPaging.Empty<InstanceRow>();

    /// <summary>Whether the list is one person's (shown without a pager: the number is not carried on).</summary>
    public bool ByPerson { get; private set; }

    /// <summary>The definitions, latest version each, for the filter.</summary>
    public IEnumerable<WorkflowDefinition> Definitions => registry.Latest.OrderBy(d => d.DisplayName, StringComparer.Ordinal);

    /// <summary>The states the state filter offers: the chosen definition's (every version), else none.</summary>
    public IEnumerable<(string State, string Name)> States =>
        registry.All.Where(d => d.Name == Workflow).SelectMany(d => d.StatesInOrder).DistinctBy(s => s.Name).Select(s => (s.Name, s.DisplayName));

    public IEnumerable<int> Versions => registry.All.Where(d => d.Name == Workflow).Select(d => d.Version);

    public async Task OnGetAsync(CancellationToken ct) =>
        List = await ListAsync(() => search.SearchAsync(Query, outbox.MaxAttempts, ct));

    public async Task OnPostAsync(CancellationToken ct)
    {
        ByPerson = true;
        List = await ListAsync(() => search.SearchByPersonAsync(Query, IdNumber, outbox.MaxAttempts, ct));

        // What was typed is not shown again.
        IdNumber = null;
        ModelState.Remove(nameof(IdNumber));
    }
}
