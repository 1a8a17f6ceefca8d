using Governance.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Pages;

/// <summary>
/// A browser test: for each test, the Host on a port of its own over <paramref name="database"/>,
/// its domain clock standing at <paramref name="now"/>, and Debian's Chromium.
/// </summary>
public abstract class BrowserTest(TestDatabase database, DateTimeOffset now) : IAsyncLifetime
{
    protected GovernanceHost App { get; private set; } = null!;

    protected Uri Address { get; private set; } = null!;

    protected Browser Chromium { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await SeedAsync();
        (App, Address) = WebHost.Start(database, new FakeTimeProvider(now.ToUniversalTime()));
        Chromium = await Browser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>What the test needs in the database before the Host starts.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>
    /// The end of a day's journey: the Host's log of it, as its JSON console writes it, holds none
    /// of the ID or phone numbers typed in, nor anything that looks like one (<see cref="LogCapture.PersonalData"/>).
    /// </summary>
    protected void AssertLogHoldsNoPersonalData()
    {
        Assert.NotEmpty(App.Logs.Lines);
        Assert.Empty(App.Logs.PersonalData());
    }
}
