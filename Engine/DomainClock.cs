namespace Governance.Engine;

/// <summary>
/// The domain's clock is a keyed <see cref="TimeProvider"/>: what is due, when a state was entered,
/// what a ledger line says. It is kept apart from the container's plain TimeProvider because
/// Quartz's job store takes that one for its own scheduling, and a test that freezes the domain
/// clock must not freeze Quartz with it.
/// </summary>
public static class DomainClock
{
    public const string Key = "domain";
}
