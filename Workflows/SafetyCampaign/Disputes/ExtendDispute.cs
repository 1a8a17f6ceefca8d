using System.Globalization;
using Governance.Engine;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// An approved extension (延期) of the current level's limit by some working days: by a township
/// official at village or township level, by the department at department level. Extensions are
/// counted per matter (at most <see cref="DisputeOptions.MaxExtensions"/>). A 信访's first extension
/// also uses the regulation's one extension of its conclusion bound (up to 30 days). The applicant
/// is emailed if they left an address; otherwise how they were told (<paramref name="Notice"/>,
/// e.g. 电话告知) is required and goes into the ledger.
/// </summary>
public sealed record ExtendDispute(Guid Id, double? WorkingDays, string? Reason, string? Notice, int ExpectedVersion);

public sealed class ExtendDisputeHandler(WorkflowRuntime runtime, IOptions<DisputeOptions> options)
{
    public Task<TransitionResult> HandleAsync(ExtendDispute command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(
            command.Id,
            DisputeWorkflow.Name,
            actor,
            async (db, _, token) =>
            {
                var most = options.Value.MaxExtensionWorkingDays;
                new Validation()
                    .Check(command.WorkingDays is > 0 and var asked && asked <= most, "workingDays", $"应为大于 0、不超过 {most:0.##} 的工作日数")
                    .Text(command.Reason, "reason", 500)
                    .Text(command.Notice, "notice", 200, required: false)
                    .ThrowIfInvalid();

                var days = command.WorkingDays!.Value;
                var reason = command.Reason!.Trim();
                var emailed = await db.Set<DisputeParty>().AnyAsync(p => p.DisputeId == command.Id && p.Ordinal == 0 && p.Email != null, token);
                new Validation().Check(emailed || !string.IsNullOrWhiteSpace(command.Notice), "notice", "申请人未留邮箱，请填写告知方式（如：电话告知）").ThrowIfInvalid();
                var told = emailed ? "已邮件告知申请人" : $"告知申请人：{command.Notice!.Trim()}";
                var line = string.Create(CultureInfo.InvariantCulture, $"延期 {days:0.##} 个工作日：{reason}（{told}）");
                var row = await Dispute.OfAsync(db, command.Id, token);
                return new Stimulus(command.Id, DisputeWorkflow.Extend, actor, command.ExpectedVersion, line, c =>
                {
                    c.UpdateData<DisputeData>(d => Extended(d, days, reason, c.Now));
                    row.Extend(c.Data<DisputeData>().PetitionDueAt);
                });
            },
            ct);
    }

    private static DisputeData Extended(DisputeData d, double days, string reason, DateTimeOffset now)
    {
        var legal = d.Kind == DisputeKind.Petition && !d.PetitionExtended && d.PetitionDueAt is { } bound;
        return d with
        {
            LevelExtensionDays = d.LevelExtensionDays + days,
            Extensions = d.Extensions + 1,
            LastExtension = new DisputeExtension(days, reason, now),
            PetitionDueAt = legal ? d.PetitionDueAt!.Value.AddDays(d.Limits.PetitionExtensionDays) : d.PetitionDueAt,
            PetitionExtended = d.PetitionExtended || legal,
        };
    }
}
