using Governance.Workflows.Tests.Infrastructure;

namespace Governance.Workflows.Tests.Runtime;

public sealed class WorkQueueTests(TestDatabase database)
{
    private readonly RuntimeHarness _h = new(database);

    [Fact]
    public async Task Fifty_staff_calling_next_at_once_never_get_the_same_item()
    {
        var hall = await TestHall.CreateAsync(database);
        for (var i = 0; i < 30; i++)
        {
            await _h.Register.HandleAsync(_h.Registration(hall, $"事项 {i}"), RuntimeHarness.Staff(hall), CancellationToken.None);
        }

        var queue = hall.Windows[0].OrgUnit;
        var claims = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => _h.Queue.ClaimNextAsync([queue], $"staff-{i}", CancellationToken.None))));

        var items = claims.Where(c => c is not null).Select(c => c!).ToList();
        Assert.Equal(30, items.Count);
        Assert.Equal(30, items.Select(i => i.Id).Distinct().Count());
        Assert.All(items, i => Assert.Equal(queue, i.Queue));
        Assert.Null(await _h.Queue.ClaimNextAsync([queue], "late", CancellationToken.None));
    }

    [Fact]
    public async Task Next_is_the_highest_priority_then_the_oldest_and_a_released_item_goes_back()
    {
        var hall = await TestHall.CreateAsync(database);
        var first = await _h.Register.HandleAsync(_h.Registration(hall, "先到"), RuntimeHarness.Staff(hall), CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.Register.HandleAsync(_h.Registration(hall, "后到"), RuntimeHarness.Staff(hall), CancellationToken.None);
        var queue = hall.Windows[0].OrgUnit;

        var claimed = await _h.Queue.ClaimNextAsync([queue], "s1", CancellationToken.None);
        Assert.Equal(first.Id, claimed!.InstanceId);
        Assert.True(await _h.Queue.ReleaseAsync(claimed.Id, "s1", CancellationToken.None));
        Assert.Equal(first.Id, (await _h.Queue.ClaimNextAsync([queue], "s2", CancellationToken.None))!.InstanceId);
    }
}
