namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>
/// Tests that count on the machine's timing (two Host nodes racing for timers and emails, a Host
/// killed under load): they run on their own, after the parallel ones, so neither starves the
/// other nor the rest of the suite on a two-core box.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeMachine
{
    public const string Name = "Whole machine";
}
