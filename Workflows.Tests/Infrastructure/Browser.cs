using Microsoft.Playwright;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, installed by scripts/services.sh) driven by
/// Playwright, headless. Playwright's own browser download is never used: it cannot run here.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh (its ensure_packages installs Debian's chromium) or apt-get install chromium.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh person at a device: a phone (390 px wide) or a hall PC.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, bool phone = false)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 800 },
            DeviceScaleFactor = 1,
            IsMobile = phone,
            HasTouch = phone,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    /// <summary>
    /// Saves a full-page screenshot as <c>.run/screenshots/NAME.png</c> (git-ignored) on every run,
    /// and as <c>docs/screenshots/NAME.png</c> (README shows them) only with <c>SCREENSHOTS=update</c>,
    /// so a test run leaves the working tree as it found it.
    /// </summary>
    /// <remarks><paramref name="fullPage"/> false: the window only, for a page tens of thousands of pixels long (the API reference).</remarks>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Governance.sln")))
        {
            repo = repo.Parent;
        }

        var root = repo?.FullName ?? AppContext.BaseDirectory;
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = fullPage });
        var folders = Environment.GetEnvironmentVariable("SCREENSHOTS") == "update" ? new[] { ".run", "docs" } : [".run"];
        foreach (var folder in folders)
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, folder, "screenshots"));
            await File.WriteAllBytesAsync(Path.Combine(dir.FullName, name + ".png"), png);
        }
    }

    /// <summary>A person in <paramref name="role"/> signed in through the sign-in page, on a hall PC.</summary>
    public async Task<IPage> SignInAsync(GovernanceHost host, Uri address, string role, string scope, string name)
    {
        ArgumentNullException.ThrowIfNull(host);
        var (email, password) = await host.CreateUserAsync(role, scope, name);
        var page = await NewPageAsync(address);
        await page.GotoAsync("login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await Microsoft.Playwright.Assertions.Expect(page.Locator(".who")).ToContainTextAsync(name);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
