using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Workflows;
using Governance.Workflows.ServiceHall.Queue;

namespace Governance.Host.Live;

/// <summary>
/// What a live part of a page watches: the instances of one definition at an org unit and below
/// it (<c>queue-ticket hall/1</c> covers <c>hall/1</c> and <c>hall/1/item/3</c>, not
/// <c>hall/10</c>), or anywhere (<c>sanling-dispute</c>: no org unit). A public definition's
/// topic also covers the units above it: a phone watching <c>queue-ticket hall/1/item/3</c> is
/// told of a change marked for the whole hall (a window closed), not of one at
/// <c>hall/1/item/4</c>. Written as in <c>data-topics</c>: the definition, a space, the org unit;
/// several separated by semicolons.
/// </summary>
public sealed record LiveTopic(string Definition, string Prefix)
{
    public const string Field = "topics";

    private const int MaxPrefixLength = 200;

    /// <summary>
    /// Definitions anyone may watch, signed in or not: the hall's big screen and the ticket page on
    /// a citizen's phone show the queue to whoever stands there, and a topic says no more than
    /// that something changed at a hall.
    /// </summary>
    public static IReadOnlySet<string> Public { get; } = new HashSet<string>(StringComparer.Ordinal) { TicketWorkflow.Name };

    /// <summary>Whether a change of <paramref name="definition"/>'s instance at <paramref name="orgUnit"/> is one this topic watches.</summary>
    public bool Covers(string definition, string orgUnit)
    {
        ArgumentNullException.ThrowIfNull(orgUnit);
        return definition == Definition
            && (Prefix.Length == 0 || Within(orgUnit, Prefix) || (Public.Contains(definition) && Within(Prefix, orgUnit)));
    }

    /// <summary>Whether <paramref name="unit"/> is <paramref name="ancestor"/> or below it.</summary>
    private static bool Within(string unit, string ancestor) =>
        unit == ancestor || (unit.StartsWith(ancestor, StringComparison.Ordinal) && unit.Length > ancestor.Length && unit[ancestor.Length] == '/');

    /// <summary>
    /// Whether <paramref name="viewer"/> (null: not signed in) may watch it: a public definition
    /// anyone; any other only a worker whose scope holds the whole org unit, as the pages' lists
    /// are scoped. A citizen's empty scope is not city-wide.
    /// </summary>
    public bool MayBeWatchedBy(Actor? viewer) =>
        Public.Contains(Definition) || (viewer is not null && viewer.Role != Roles.Citizen && viewer.CanSee(Prefix));

    public override string ToString() => Prefix.Length == 0 ? Definition : $"{Definition} {Prefix}";

    /// <summary>The topics of <paramref name="text"/> (as in <c>data-topics</c>), or a 400 naming <see cref="Field"/>.</summary>
    /// <exception cref="RequestValidationException">Missing, too many, or not a registered definition with a well-formed org unit.</exception>
    public static IReadOnlyList<LiveTopic> ParseAll(string? text, WorkflowRegistry registry, int max)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var parts = (text ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var validation = new Validation()
            .Check(parts.Length > 0, Field, "必填：要关注的事项类型和所属单位，如 queue-ticket hall/1")
            .Check(parts.Length <= max, Field, $"最多关注 {max} 项");
        var topics = new List<LiveTopic>();
        foreach (var part in parts.Take(max))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var prefix = words.Length > 1 ? words[1].TrimEnd('/') : "";
            var wellFormed = words.Length <= 2 && registry.FindLatest(words[0]) is not null
                && prefix.Length <= MaxPrefixLength && prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_');
            validation.Check(wellFormed, Field, $"“{part}”不是可关注的内容：应为事项类型，空格，所属单位");
            topics.Add(new LiveTopic(words[0], prefix));
        }

        validation.ThrowIfInvalid();
        return [.. topics.Distinct()];
    }
}
