using Governance.Engine;
using Governance.Workflows;
using Governance.Workflows.PovertyMonitoring;
using Governance.Engine.Runtime;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Poverty;

/// <summary>
/// One warning: the household (ID number masked), why it was warned, each step's record, the
/// diagram of where it stands and the ledger (台账); and the forms for the steps the reader may
/// take now: 入户核实 for the village team, 纳入/不纳入 and 一户一策 for the township official,
/// 回访 for both, 风险消除 for the official. Each step names the version shown and redirects after.
/// </summary>
public sealed class WarningModel(
    PovertyQueries queries,
    VerifyHouseholdHandler verify,
    ReviewWarningHandler review,
    PlanAssistanceHandler plan,
    FollowUpHouseholdHandler followUp,
    EliminateRiskHandler eliminate,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : Pages.GovernancePage
{
    /// <summary>How many measure rows the plan form offers; blank rows are ignored.</summary>
    public const int MeasureRows = 4;

    public WarningView Warning { get; private set; } = null!;

    public DateTimeOffset Now => clock.GetUtcNow();

    [BindProperty]
    public List<MeasureInput> Measures { get; set; } = [];

    public bool May(string trigger) => Warning.Actions.Contains(trigger);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostVerifyAsync(Guid id, int? version, string? text, bool? recommend, CancellationToken ct) =>
        StepAsync(id, "已记录入户核实，待镇级研判", () => verify.HandleAsync(new VerifyHousehold(id, text, recommend, Shown(version)), Actor, ct), ct);

    public Task<IActionResult> OnPostIncludeAsync(Guid id, int? version, MonitoredKind? kind, string? text, CancellationToken ct) =>
        StepAsync(id, "已纳入监测，请制定帮扶计划", () => review.HandleAsync(new ReviewWarning(id, true, kind, text, Shown(version)), Actor, ct), ct);

    public Task<IActionResult> OnPostExcludeAsync(Guid id, int? version, string? text, CancellationToken ct) =>
        StepAsync(id, "已研判为不纳入监测", () => review.HandleAsync(new ReviewWarning(id, false, null, text, Shown(version)), Actor, ct), ct);

    public Task<IActionResult> OnPostPlanAsync(Guid id, int? version, CancellationToken ct)
    {
        var measures = Measures.Where(m => m.Kind is not null || !string.IsNullOrWhiteSpace(m.ResponsibleUnit) || !string.IsNullOrWhiteSpace(m.Description) || m.DueDate is not null).ToList();
        return StepAsync(id, "已制定帮扶计划（一户一策），进入监测帮扶", () => plan.HandleAsync(new PlanAssistance(id, measures, Shown(version)), Actor, ct), ct);
    }

    public Task<IActionResult> OnPostFollowUpAsync(Guid id, int? version, string? text, CancellationToken ct) =>
        StepAsync(id, "已记录回访", () => followUp.HandleAsync(new FollowUpHousehold(id, text, Shown(version)), Actor, ct), ct);

    public Task<IActionResult> OnPostEliminateAsync(Guid id, int? version, string? text, CancellationToken ct) =>
        StepAsync(id, "已认定风险消除", () => eliminate.HandleAsync(new EliminateRisk(id, text, Shown(version)), Actor, ct), ct);

    private async Task<IActionResult> StepAsync(Guid id, string done, Func<Task<TransitionResult>> step, CancellationToken ct)
    {
        if (await StepAsync(step))
        {
            Done(done);
            return RedirectToPage(new { id });
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await queries.GetAsync(id, Actor, ct) is not { } warning)
        {
            return false;
        }

        Warning = warning;
        return true;
    }
}
