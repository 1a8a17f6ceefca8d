using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>A measure as asked for; <c>Description</c> is required for 其他.</summary>
public sealed record MeasureInput(MeasureKind? Kind, string? Description, string? ResponsibleUnit, DateOnly? DueDate);

/// <summary>一户一策: the township sets the household's own plan, each measure with its responsible unit (责任单位) and date.</summary>
public sealed record PlanAssistance(Guid Id, IReadOnlyList<MeasureInput>? Measures, int ExpectedVersion);

public sealed class PlanAssistanceHandler(WorkflowRuntime runtime)
{
    public const int MaxMeasures = 10;
    public const int MaxDescription = 200;
    public const int MaxUnit = 100;

    public Task<TransitionResult> HandleAsync(PlanAssistance command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        return runtime.MoveAsync(
            command.Id,
            PovertyWarningWorkflow.Name,
            actor,
            () =>
            {
                var measures = (command.Measures ?? []).ToList();
                var today = ChinaTime.DateOf(runtime.Now);
                var validation = new Validation().Check(measures.Count is >= 1 and <= MaxMeasures, "measures", $"须有 1 到 {MaxMeasures} 项帮扶措施");
                for (var i = 0; i < measures.Count; i++)
                {
                    var m = measures[i];
                    validation
                        .OneOf(m.Kind, $"measures[{i}].kind", PovertyNames.DisplayName)
                        .Text(m.Description, $"measures[{i}].description", MaxDescription, required: m.Kind == MeasureKind.Other)
                        .Text(m.ResponsibleUnit, $"measures[{i}].responsibleUnit", MaxUnit)
                        .Check(m.DueDate is { } due && due >= today && due <= today.AddYears(1), $"measures[{i}].dueDate", m.DueDate is null ? "必填" : "应为今天起一年内的日期");
                }

                validation.ThrowIfInvalid();
                var plan = new AssistancePlan(runtime.Now, actor.Name, [.. measures.Select(m => new AssistanceMeasure(m.Kind!.Value, string.IsNullOrWhiteSpace(m.Description) ? null : m.Description.Trim(), m.ResponsibleUnit!.Trim(), m.DueDate!.Value))]);
                var said = string.Join("；", plan.Measures.Select(m => $"{m.Kind.DisplayName()}（{m.ResponsibleUnit}，{m.DueDate:yyyy-MM-dd} 前）"));
                return new Stimulus(command.Id, PovertyWarningWorkflow.Plan, actor, command.ExpectedVersion, said, c => c.UpdateData<PovertyWarningData>(d => d with { Plan = plan }));
            },
            ct);
    }
}
