using System.Collections.Frozen;

namespace Governance.Engine.Runtime;

/// <summary>Every definition version the engine knows; instances look up the version they are pinned to.</summary>
public sealed class WorkflowRegistry
{
    private readonly FrozenDictionary<(string Name, int Version), WorkflowDefinition> _byVersion;
    private readonly FrozenDictionary<string, WorkflowDefinition> _latest;

    public WorkflowRegistry(IEnumerable<WorkflowDefinition> definitions, RoleCatalogue roles)
    {
        Roles = roles ?? throw new ArgumentNullException(nameof(roles));
        var all = definitions.ToList();
        foreach (var dup in all.GroupBy(d => (d.Name, d.Version)).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException($"Workflow {dup.Key.Name} v{dup.Key.Version} is registered twice.");
        }

        _byVersion = all.ToFrozenDictionary(d => (d.Name, d.Version));
        _latest = all.GroupBy(d => d.Name).ToFrozenDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!);
    }

    /// <summary>The roles the definitions name, with the names people read for them.</summary>
    public RoleCatalogue Roles { get; }

    public IEnumerable<WorkflowDefinition> Latest => _latest.Values;

    /// <summary>Every version of every definition, by name and then version.</summary>
    public IEnumerable<WorkflowDefinition> All => _byVersion.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Version);

    /// <summary>One version, or null if it is not registered.</summary>
    public WorkflowDefinition? Find(string name, int version) => _byVersion.GetValueOrDefault((name, version));

    public WorkflowDefinition Get(string name, int version) =>
        _byVersion.TryGetValue((name, version), out var definition)
            ? definition
            : throw new InvalidOperationException($"Workflow {name} v{version} is not registered; an instance pinned to it cannot run.");

    public WorkflowDefinition? FindLatest(string name) => _latest.GetValueOrDefault(name);

    public WorkflowDefinition For(WorkflowInstance instance) => Get(instance.DefinitionName, instance.DefinitionVersion);
}
