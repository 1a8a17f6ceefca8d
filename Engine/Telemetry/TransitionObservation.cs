using System.Diagnostics;
using Governance.Engine.Runtime;

namespace Governance.Engine.Telemetry;

/// <summary>
/// One move as the figures, the trace and the logs see it, from <see cref="EngineMetrics.StartTransition"/>
/// to its outcome: counted once, timed, its span ended, its log scope closed. The default value
/// (a runtime without <see cref="EngineMetrics"/>) does nothing.
/// </summary>
internal readonly struct TransitionObservation(EngineMetrics? metrics, string definition, string trigger, Activity? activity, IDisposable? scope, long started)
{
    /// <summary>Records <paramref name="result"/>'s outcome and hands it back.</summary>
    public TransitionResult End(TransitionResult result)
    {
        Finish(Outcome(result.Outcome), null);
        return result;
    }

    /// <summary>An instance started.</summary>
    public void Started() => Finish("applied", null);

    /// <summary>A move that threw: a refusal by the rules or the request's checks counts as refused, anything else as an error.</summary>
    public void Fail(Exception exception) =>
        Finish(exception is RuleViolationException or RequestValidationException or UnauthorizedAccessException or TransitionRefusedException ? "refused" : "error", exception);

    /// <summary>The outcome's name in the figures: a stale stimulus is no refusal (its step was done already), a request out of reach is.</summary>
    internal static string Outcome(TransitionOutcome outcome) => outcome switch
    {
        TransitionOutcome.Applied => "applied",
        TransitionOutcome.Stale => "stale",
        _ => "refused",
    };

    private void Finish(string outcome, Exception? exception)
    {
        if (metrics is null)
        {
            return;
        }

        metrics.Transitioned(definition, trigger, outcome, Stopwatch.GetElapsedTime(started));
        if (activity is not null)
        {
            activity.SetTag("workflow.outcome", outcome);
            if (exception is not null && outcome == "error")
            {
                // The type only: an exception's message may quote what a person typed.
                activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            }

            activity.Stop();
        }

        scope?.Dispose();
    }
}
