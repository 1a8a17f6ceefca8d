using Governance.Engine;
using Governance.Workflows;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Sanling;

/// <summary>
/// One matter: its facts and clock, the steps the reader may take now (the definition's, by role:
/// resolve, escalate with a reason, extend, deliver, joint handling (主办/协办) and each department's
/// part of it, follow up), its ledger (台账) as a timeline
/// and the workflow diagram drawn from the definition with the current state marked.
/// </summary>
public sealed class DisputeModel(
    DisputeQueries queries,
    OrganisationQueries organisation,
    WorkflowRegistry registry,
    EscalateDisputeHandler escalate,
    DeliverDisputeHandler deliver,
    ReferDisputeHandler refer,
    ReferJointHandler referJoint,
    FinishJointPartHandler finishPart,
    JointHandlingQueries joint,
    ExtendDisputeHandler extend,
    ResolveDisputeHandler resolve,
    FollowUpDisputeHandler followUp,
    RevealPersonalDataHandler reveal,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public double? WorkingDays { get; set; }

    [BindProperty]
    public string? Notice { get; set; }

    [BindProperty]
    public int? DepartmentId { get; set; }

    [BindProperty]
    public int? LeadDepartmentId { get; set; }

    [BindProperty]
    public List<int> AssistingDepartmentIds { get; set; } = [];

    /// <summary>The department's part a 本部门办结 form reports done.</summary>
    [BindProperty]
    public Guid PartId { get; set; }

    [BindProperty]
    public bool? Satisfied { get; set; }

    [BindProperty]
    public int Party { get; set; }

    [BindProperty]
    public PersonalField Field { get; set; }

    /// <summary>Numbers shown in full on this answer only, each reveal on record.</summary>
    public Dictionary<(int Party, PersonalField Field), string> Revealed { get; } = [];

    /// <summary>The village team meets the parties and the proxy handler acts for them: they may reveal a number of an open matter.</summary>
    public bool MayReveal => Dispute.ClosedAt is null && Actor.Role is Roles.VillageTeam or Roles.ProxyHandler;

    public DisputeView Dispute { get; private set; } = null!;

    public string Diagram { get; private set; } = "";

    /// <summary>Each state's time limit, as the definition words it: listed under the diagram, not drawn in it.</summary>
    public IReadOnlyList<(string State, string Limit)> Limits { get; private set; } = [];

    public IReadOnlyList<DepartmentView> Departments { get; private set; } = [];

    /// <summary>The departments' parts of a joint handling (主办/协办) the reader reaches: the township all, a department its own.</summary>
    public IReadOnlyList<JointPartView> JointParts { get; private set; } = [];

    public DateTimeOffset Now => clock.GetUtcNow();

    public bool May(string trigger) => Dispute.Actions.Contains(trigger);

    /// <summary>The form whose post was refused (its handler), so a refusal shows under that form's field only: escalate, refer and extend all have a reason.</summary>
    public string? Failed => HttpMethods.IsPost(Request.Method) ? Request.Query["handler"].ToString() : null;

    /// <summary>What the step is called in the definition (e.g. 事权在市直部门，交代办), for its button.</summary>
    public string StepName(string trigger) => DisputeWorkflow.Definition.FindTransition(Dispute.State, trigger)?.DisplayName ?? "";

    /// <summary>Follow-up closes (满意) or reopens at the level that resolved it: one form for both.</summary>
    public bool MayFollowUp => Dispute.Actions.Any(a => a == DisputeWorkflow.Close || Enum.GetValues<DisputeLevel>().Any(l => a == DisputeWorkflow.ReopenTrigger(l)));

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public Task<IActionResult> OnPostResolveAsync(CancellationToken ct) =>
        MoveAsync(() => resolve.HandleAsync(new ResolveDispute(Id, Text, Shown(Version)), Actor, ct), "已化解，待回访", ct);

    public Task<IActionResult> OnPostEscalateAsync(CancellationToken ct) =>
        MoveAsync(() => escalate.HandleAsync(new EscalateDispute(Id, Text, Shown(Version)), Actor, ct), "已上报", ct);

    public Task<IActionResult> OnPostExtendAsync(CancellationToken ct) =>
        MoveAsync(() => extend.HandleAsync(new ExtendDispute(Id, WorkingDays, Text, Notice, Shown(Version)), Actor, ct), "已批准延期", ct);

    public Task<IActionResult> OnPostReferAsync(CancellationToken ct) =>
        MoveAsync(() => refer.HandleAsync(new ReferDispute(Id, DepartmentId, Text, Shown(Version)), Actor, ct), "已按程序转交部门", ct);

    public Task<IActionResult> OnPostReferJointAsync(CancellationToken ct) =>
        MoveAsync(() => referJoint.HandleAsync(new ReferJoint(Id, LeadDepartmentId, AssistingDepartmentIds, Text, Shown(Version)), Actor, ct), "已指定主办、协办部门", ct);

    public Task<IActionResult> OnPostFinishPartAsync(CancellationToken ct) =>
        MoveAsync(() => finishPart.HandleAsync(new FinishJointPart(PartId, Text, Shown(Version)), Actor, ct), "本部门已办结", ct);

    public Task<IActionResult> OnPostDeliverAsync(CancellationToken ct) =>
        MoveAsync(() => deliver.HandleAsync(new DeliverDispute(Id, DepartmentId, Text, Shown(Version)), Actor, ct), "已送达部门", ct);

    public Task<IActionResult> OnPostFollowUpAsync(CancellationToken ct) =>
        MoveAsync(() => followUp.HandleAsync(new FollowUpDispute(Id, Satisfied, Text, Shown(Version)), Actor, ct), "回访已记录", ct);

    public async Task<IActionResult> OnPostRevealAsync(CancellationToken ct)
    {
        string? value = null;
        if (await TryAsync(async () => value = await reveal.HandleAsync(new RevealPersonalData(RevealSubject.Dispute, Id, Field, Party), Actor, ct)))
        {
            Revealed[(Party, Field)] = value!;
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> MoveAsync(Func<Task<TransitionResult>> move, string said, CancellationToken ct)
    {
        if (await StepAsync(move))
        {
            Done(said);
            return RedirectToPage(new { Id });
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (await queries.GetAsync(Id, Actor, ct) is not { } view)
        {
            return NotFound();
        }

        Dispute = view;
        // The version the matter runs on: a v1 matter has no 按程序转交 to draw.
        var definition = registry.Get(DisputeWorkflow.Name, view.DefinitionVersion);
        Diagram = definition.DrawingWithCurrent(registry.Roles, view.State);
        Limits = [.. definition.States.Values.Where(s => s.Sla is not null).Select(s => (s.DisplayName, s.Sla!.Limit.Description))];
        Departments = May(DisputeWorkflow.Deliver) || May(DisputeWorkflow.Refer) || May(DisputeWorkflow.ReferJoint) ? await organisation.DepartmentsAsync(ct) : [];
        JointParts = await joint.OfAsync(Id, Actor, ct) ?? [];
        return Page();
    }
}
