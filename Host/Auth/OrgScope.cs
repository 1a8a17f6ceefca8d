using System.Globalization;
using Governance.Engine.Runtime;

namespace Governance.Host.Auth;

/// <summary>Reads the service-hall parts of a scope: <c>hall/1</c> (a lead) or <c>hall/1/window/3</c> (window staff).</summary>
public static class OrgScope
{
    public static int? HallId(this Actor actor) => Part(actor, 0, "hall");

    public static int? WindowId(this Actor actor) => Part(actor, 2, "window");

    private static int? Part(Actor actor, int index, string name)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var parts = actor.Scope.Trim('/').Split('/');
        return parts.Length > index + 1 && parts[index] == name && int.TryParse(parts[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
    }
}
