namespace Governance.Engine.Runtime;

/// <summary>
/// Thrown by a use case that changed its own rows before firing a transition the runtime then
/// refused: throwing rolls those changes back with the transaction. The Host answers as it
/// answers any refused transition (404, 403 or 409).
/// </summary>
public sealed class TransitionRefusedException(TransitionResult result) : Exception(result?.Message)
{
    public TransitionResult Result { get; } = result!;

    /// <summary>Returns an applied result, throws for any other.</summary>
    public static TransitionResult ThrowIfRefused(TransitionResult result) =>
        result is { Applied: true } ? result : throw new TransitionRefusedException(result);
}
