using System.Globalization;
using Governance.Engine.Runtime;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Admin;

/// <summary>
/// 流程版本: every definition and version with its instances per state, and for an older version
/// with running instances, the form that moves them to another version (版本迁移) by a state map.
/// </summary>
public sealed class WorkflowsModel(MigrateInstances migrations, WorkflowRegistry registry) : GovernancePage
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public int? FromVersion { get; set; }

    [BindProperty]
    public int? ToVersion { get; set; }

    /// <summary>The old version's states with running instances, each to a state of the new one (<c>map[AtVillage]</c>).</summary>
    [BindProperty]
    public Dictionary<string, string> Map { get; set; } = [];

    [BindProperty]
    public string? Reason { get; set; }

    public IReadOnlyList<DefinitionVersion> Versions { get; private set; } = [];

    /// <summary>The form whose fields a refusal concerns: the definition and version it was posted for.</summary>
    public static string FormOf(string name, int version) => string.Create(CultureInfo.InvariantCulture, $"{name}-v{version}");

    /// <summary>The version's diagram as its endpoint serves it (<c>/api/workflows/definitions/{name}/versions/{version}/diagram</c>), generated from the definition.</summary>
    public string Diagram(string name, int version) => registry.Get(name, version).Mermaid(registry.Roles);

    /// <summary>The instance console's list of a version's instances in a state.</summary>
    public static string InstancesOf(string name, int version, string state) =>
        string.Create(CultureInfo.InvariantCulture, $"/admin/instances?workflow={Uri.EscapeDataString(name)}&version={version}&state={Uri.EscapeDataString(state)}");

    public async Task OnGetAsync(CancellationToken ct) => Versions = await migrations.OverviewAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        MigrationResult? done = null;
        var form = FormOf(Name ?? "", FromVersion ?? 0);
        if (await TryAsync(form, async () => done = await migrations.RunAsync(new MigrationPlan(Name ?? "", FromVersion, ToVersion, Map, Reason), Actor, ct)))
        {
            if (done is null)
            {
                return NotFound();
            }

            Done(string.Create(CultureInfo.InvariantCulture, $"已将 {done.Moved} 件运行中的事项由版本 {FromVersion} 迁移至版本 {ToVersion}，每件均已记入台账"));
            return RedirectToPage();
        }

        Versions = await migrations.OverviewAsync(ct);
        return Page();
    }
}
