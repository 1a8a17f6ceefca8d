using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.Ratings;

/// <summary>The hall lead's steps of a rectification, in order; the last answers an appeal.</summary>
public enum RectificationStep
{
    /// <summary>回访: the citizen was called back; what they said.</summary>
    CallBack,

    /// <summary>核实: what checking the complaint found.</summary>
    Verify,

    /// <summary>整改: what was changed.</summary>
    Rectify,

    /// <summary>反馈: the reply emailed to the citizen, who may then appeal.</summary>
    ReportBack,

    /// <summary>复核答复: the answer to an appeal, emailed to the citizen; the end.</summary>
    Review,
}

/// <summary>One step, with the note it records (required: each is a line of the 台账 a supervisor will read).</summary>
public sealed record TakeRectificationStep(Guid Id, RectificationStep Step, string? Note, int ExpectedVersion);

public sealed class TakeRectificationStepHandler(WorkflowRuntime runtime)
{
    public const int MaxNote = 1000;

    /// <summary>Fires the step in one transaction; out of scope reads as not found (before the note is looked at), a step out of order is refused.</summary>
    /// <exception cref="RequestValidationException">No note, or too long a one; nothing is stored.</exception>
    public Task<TransitionResult> HandleAsync(TakeRectificationStep command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(command.Id, RectificationWorkflow.Name, actor, () =>
        {
            new Validation()
                .Check(Enum.IsDefined(command.Step), "step", "未知的整改环节")
                .Text(command.Note, "note", MaxNote)
                .ThrowIfInvalid();

            var note = command.Note!.Trim();
            (string Trigger, Action<TransitionContext> Effect) step = command.Step switch
            {
                RectificationStep.CallBack => (RectificationWorkflow.CallBack, c => c.UpdateData<RectificationData>(d => d with { CallBackNote = note })),
                RectificationStep.Verify => (RectificationWorkflow.Verify, c => c.UpdateData<RectificationData>(d => d with { Finding = note })),
                RectificationStep.Rectify => (RectificationWorkflow.Rectify, c => c.UpdateData<RectificationData>(d => d with { Measures = note })),
                RectificationStep.ReportBack => (RectificationWorkflow.ReportBack, c => c.UpdateData<RectificationData>(d => d with
                {
                    Reply = note,
                    ReportedAt = c.Now,
                    AppealUntil = c.Calendar.AddCalendarDays(c.Now, d.Limits.AppealDays),
                })),
                _ => (RectificationWorkflow.Review, c => c.UpdateData<RectificationData>(d => d with { ReviewReply = note })),
            };
            return new Stimulus(command.Id, step.Trigger, actor, command.ExpectedVersion, note, step.Effect);
        }, ct);
    }
}
