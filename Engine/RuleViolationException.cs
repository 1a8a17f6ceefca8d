namespace Governance.Engine;

/// <summary>
/// A well-formed request the rules refuse (a full slot, a second booking the same day, a
/// suspension). Thrown before anything is committed; the Host answers 409 with the zh-CN reason.
/// </summary>
public sealed class RuleViolationException(string title, string detail) : Exception($"{title}: {detail}")
{
    public string Title { get; } = title;

    public string Detail { get; } = detail;
}
