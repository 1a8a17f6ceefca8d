using Governance.Engine.Runtime;

namespace Governance.Workflows.Tests.Runtime;

/// <summary>The one scope rule of every scoped list, as <see cref="Actor.CanSee"/> says it in memory.</summary>
public sealed class ScopeFilterTests
{
    private static readonly string[] Units = ["hall/1", "hall/1/window/3", "hall/1/window/3/desk/1", "hall/1/window/30", "hall/10", "township/1"];

    [Theory]
    [InlineData("hall/1/window/3", new[] { "hall/1/window/3", "hall/1/window/3/desk/1" })]
    [InlineData("hall/1/window/3/", new[] { "hall/1/window/3", "hall/1/window/3/desk/1" })]
    [InlineData("hall/1", new[] { "hall/1", "hall/1/window/3", "hall/1/window/3/desk/1", "hall/1/window/30" })]
    [InlineData("", new[] { "hall/1", "hall/1/window/3", "hall/1/window/3/desk/1", "hall/1/window/30", "hall/10", "township/1" })]
    public void A_unit_sees_its_own_rows_and_those_below_never_a_sibling_that_starts_alike(string scope, string[] seen)
    {
        var actor = new Actor("a", "某人", Roles.WindowStaff, scope);

        var filtered = Units.AsQueryable().WithinScopeOf(actor, u => u).ToList();

        Assert.Equal(seen, filtered);
        Assert.Equal(Units.Where(actor.CanSee), filtered);
    }
}
