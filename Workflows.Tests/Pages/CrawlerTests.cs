using System.Diagnostics;
using System.Text.RegularExpressions;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Governance.Workflows.Tests.Pages;

/// <summary>The crawler's own database: it writes whatever the forms it submits write.</summary>
public sealed class CrawlDatabase() : TestDatabase("crawl");

/// <summary>
/// A crawler per role, in Debian's Chromium, as a person who clicks everything: signed in as the
/// role, it follows every same-site link from the role's pages (breadth-first, bounded per kind of
/// page), and submits every form once empty and once with bad values (text far too long with
/// control characters, letters in number fields, dates in 2000 or in 9999, an option no list
/// offers). It fails naming each address where a person saw raw JSON, English framework text, a
/// 500, or a page with no way on. Sign-out, Hangfire's dashboard, the API reference and file
/// downloads are left alone; every other write lands on this test's own database.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed partial class CrawlerTests(CrawlDatabase database) : BrowserTest(database, PagesHall.FridayAt(10)), IClassFixture<CrawlDatabase>
{
    /// <summary>Pages opened per role; each kind of page (its path with ids taken out) at most <see cref="PerShape"/> times.</summary>
    private const int MaxPages = 20;

    private const int PerShape = 2;

    /// <summary>Form submissions per role (each form's submit buttons × two fillings).</summary>
    private const int MaxSubmissions = 20;

    /// <summary>
    /// Findings in other helpers' areas of issue 13, left to them: each names its defect, and goes
    /// when it is fixed (the lead removes the entry at merge; a stale entry fails the test).
    /// </summary>
    private static readonly (string Role, Regex Finding, string Defect)[] Known = [];

    private PagesHall _hall = null!;
    private TestTownship _township = null!;

    protected override async Task SeedAsync()
    {
        _hall = await PagesHall.CreateAsync(database);
        _township = await TestTownship.CreateAsync(database);
    }

    [Fact(Timeout = 300_000)]
    public async Task Every_roles_links_and_forms_lead_to_Chinese_pages_with_a_way_on_never_JSON_English_or_a_500()
    {
        var ratingLink = await SeedWorkAsync();
        var hallScope = $"hall/{_hall.Hall.Hall.Id}";
        var roles = new (string Role, string Scope, string Name, bool Phone, string[] Starts)[]
        {
            ("anonymous", "", "", true, ["", "appointments", "appointments/manage", "login", ratingLink, "no-such-page"]),
            (Roles.Citizen, "", "群众 张三", true, ["", "my/disputes", "appointments/manage"]),
            (Roles.WindowStaff, _hall.Hall.Windows[0].OrgUnit, "A01 窗口人员", false, ["", "staff/window", "staff/extended-hours"]),
            (Roles.HallLead, hallScope, "值班领导 王主任", false, ["", "lead", "staff/window"]),
            (Roles.VillageTeam, Governance.Workflows.SafetyCampaign.Organisation.Place.OrgUnitOf(_township.Township.Id, _township.Village.Id), "郭丰楼村联动工作队", false, ["", "sanling", "sanling/register"]),
            (Roles.TownshipOfficial, _township.Scope, "综治中心 刘主任", false, ["", "sanling", "sanling/ranking"]),
            (Roles.Department, _township.DepartmentActor.Scope, "市直部门 办事员", false, ["", "sanling"]),
            (Roles.ProxyHandler, "", "代办员 陈", false, ["", "sanling"]),
            (Roles.Admin, "", "系统管理员", false, ["", "admin"]),
        };

        var clock = Stopwatch.StartNew();
        var findings = new List<(string Role, string Finding)>();
        var walked = new List<string>();
        foreach (var (role, scope, name, phone, starts) in roles)
        {
            var page = role == "anonymous"
                ? await Chromium.NewPageAsync(Address, phone: true)
                : await SignInAsync(role, scope, name, phone);
            var crawl = new Crawl(page, Address);
            var started = clock.Elapsed;
            await crawl.RunAsync(starts);
            findings.AddRange(crawl.Findings.Select(f => (role, f)));
            walked.Add($"{role}: {crawl.Pages} pages, {crawl.Submissions} submissions, {(clock.Elapsed - started).TotalSeconds:0} s{(crawl.NoAnswer.Count > 0 ? $" (no answer: {string.Join(", ", crawl.NoAnswer.Distinct())})" : "")}");
            await page.Context.CloseAsync();
        }

        // The checks themselves see what they look for: the API's JSON, opened as a page, is a finding.
        var probe = new Crawl(await Chromium.NewPageAsync(Address), Address);
        await probe.RunAsync(["api/no-such-thing"]);
        Assert.Contains(probe.Findings, f => f.Contains("raw JSON", StringComparison.Ordinal));

        TestContext.Current.TestOutputHelper?.WriteLine($"Walked in {clock.Elapsed.TotalSeconds:0} s: {string.Join("; ", walked)}");
        var unexplained = findings.Where(f => !Known.Any(k => k.Role == f.Role && k.Finding.IsMatch(f.Finding))).Select(f => $"{f.Role}: {f.Finding}").Distinct().ToList();
        var stale = Known.Where(k => !findings.Any(f => k.Role == f.Role && k.Finding.IsMatch(f.Finding))).Select(k => $"{k.Role}: {k.Defect}").ToList();
        Assert.True(unexplained.Count == 0, $"{unexplained.Count} dead ends:{Environment.NewLine}{string.Join(Environment.NewLine, unexplained)}{Environment.NewLine}Walked: {string.Join("; ", walked)}");
        Assert.True(stale.Count == 0, $"Allow-list entries no longer seen (remove them): {string.Join("; ", stale)}");
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2.5), $"The crawl took {clock.Elapsed.TotalSeconds:0} s: {string.Join("; ", walked)}");
    }

    /// <summary>A person in the role, signed in through the sign-in page (a phone for a citizen).</summary>
    private async Task<IPage> SignInAsync(string role, string scope, string name, bool phone)
    {
        var (email, password) = await App.CreateUserAsync(role, scope, name);
        var page = await Chromium.NewPageAsync(Address, phone);
        await page.GotoAsync("login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".who")).ToContainTextAsync(name);
        return page;
    }

    /// <summary>Work in every role's lists, so that the crawl reaches their detail pages: tickets waiting, disputes at two levels, a home visit to review, a bad rating's rectification. Returns the rating link the citizen got.</summary>
    private async Task<string> SeedWorkAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var services = App.Services;
        var staff = new Governance.Engine.Runtime.Actor("crawl-staff", "A01 窗口人员", Roles.WindowStaff, _hall.Hall.Windows[0].OrgUnit);
        var issue = services.GetRequiredService<IssueTicketHandler>();
        await issue.HandleAsync(new IssueTicket(_hall.Contracts.Id, "王五", TestPeople.Phone(9401), TestPeople.IdNumber(9401), null), staff, ct);
        await issue.HandleAsync(new IssueTicket(_hall.Contracts.Id, "赵六", TestPeople.Phone(9402), TestPeople.IdNumber(9402), null), staff, ct);

        var register = services.GetRequiredService<RegisterDisputeHandler>();
        await register.HandleAsync(SanlingHarness.Valid(_township), _township.VillageTeam, ct);
        var upward = await register.HandleAsync(SanlingHarness.Valid(_township, category: Governance.Workflows.SafetyCampaign.Organisation.MatterCategory.LandUse), _township.VillageTeam, ct);
        await services.GetRequiredService<EscalateDisputeHandler>().HandleAsync(new EscalateDispute(upward.Id, "涉及土地确权，事权不在村级", upward.Version), _township.VillageTeam, ct);

        await services.GetRequiredService<RequestHomeVisitHandler>().HandleAsync(
            new RequestHomeVisit(_hall.Hall.Hall.Id, _hall.Hall.Windows[0].Id, "商品房合同备案", HomeVisitReason.Elderly, "刘奶奶", TestPeople.Phone(9403), TestPeople.IdNumber(9403), "项城市莲花路 8 号", null, "行动不便"),
            staff,
            ct);

        var invited = await services.GetRequiredService<InviteRatingHandler>().HandleAsync(new InviteRating(null, _hall.Hall.Windows[0].Id, _hall.Contracts.Id, "张三", $"crawl-{Guid.NewGuid():N}@test.gov.cn", null), staff, ct);
        var token = invited.Link[(invited.Link.LastIndexOf('/') + 1)..];
        await services.GetRequiredService<RateServiceHandler>().HandleAsync(new RateService(token, RatingLevel.Dissatisfied, "等候太久"), ct);
        return $"rate/{token}";
    }

    /// <summary>One role's walk: the queue of addresses, what was seen, and the findings.</summary>
    private sealed partial class Crawl(IPage page, Uri site)
    {
        private readonly Queue<string> _queue = new();
        private readonly HashSet<string> _seen = [];
        private readonly Dictionary<string, int> _shapes = [];

        public List<string> Findings { get; } = [];

        public int Pages { get; private set; }

        public int Submissions { get; private set; }

        /// <summary>Submissions that led nowhere within the wait (a button a script handles, a form replaced meanwhile).</summary>
        public List<string> NoAnswer { get; } = [];

        public async Task RunAsync(IEnumerable<string> starts)
        {
            foreach (var start in starts)
            {
                Enqueue(new Uri(site, start).ToString());
            }

            while (_queue.TryDequeue(out var url) && Pages < MaxPages)
            {
                Pages++;
                var response = await OpenAsync(url);
                if (response is null || !await InspectAsync(response, $"GET {Path(url)}"))
                {
                    continue;
                }

                await CollectLinksAsync();
                if (_shapes[Shape(url)] == 1)
                {
                    await SubmitFormsAsync(url);
                }
            }
        }

        /// <summary>Every form of the page, each submit button once per filling, the page opened afresh before each.</summary>
        private async Task SubmitFormsAsync(string url)
        {
            // Read once from the page as it first stood: submitting leaves it.
            var forms = await page.EvalOnSelectorAllAsync<FormShape[]>("form", $"forms => forms.map(f => ({{ action: f.getAttribute('action') || '', buttons: f.querySelectorAll('{ButtonSelector}').length }}))");
            for (var f = 0; f < forms.Length; f++)
            {
                if (forms[f].Action.Contains("logout", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                for (var b = 0; b < Math.Min(forms[f].Buttons, 4); b++)
                {
                    // Bad dates alternate between the forms, in the past and in the year 9999: both, over a role's forms.
                    foreach (var filling in new[] { "empty", (f + b) % 2 == 0 ? "bad-past" : "bad-9999" })
                    {
                        if (Submissions >= MaxSubmissions)
                        {
                            return;
                        }

                        // The page may have changed by the last submission (a ticket called, a step taken): the form is gone, or another.
                        if (await OpenAsync(url) is null || await page.Locator("form").CountAsync() <= f)
                        {
                            break;
                        }

                        Submissions++;
                        if (await SubmitAsync(page.Locator("form").Nth(f), b, filling) is not ({ } response, var label))
                        {
                            NoAnswer.Add($"{Path(url)} form {f + 1} button {b + 1}");
                        }
                        else if (await InspectAsync(response, $"SUBMIT {Path(url)} form {f + 1} “{label}” {filling}"))
                        {
                            await CollectLinksAsync();
                        }
                    }
                }
            }
        }

        private const string ButtonSelector = "button[type=submit], button:not([type]), input[type=submit]";

        /// <summary>A form as the page's script reports it (Playwright fills a settable class).</summary>
        private sealed class FormShape
        {
            public string Action { get; set; } = "";

            public int Buttons { get; set; }
        }

        private static ILocator Buttons(ILocator form) => form.Locator(ButtonSelector);

        /// <summary>
        /// Fills the form, clicks its button and waits for the page the browser lands on (after any
        /// redirect); null for a button that navigates nowhere, or a form the page's own script
        /// replaced meanwhile (a live list).
        /// </summary>
        private async Task<(IResponse Response, string Label)?> SubmitAsync(ILocator form, int b, string filling)
        {
            try
            {
                if ((await form.GetAttributeAsync("action", new LocatorGetAttributeOptions { Timeout = 2_000 }) ?? "").Contains("logout", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                var button = Buttons(form).Nth(b);
                var label = (await button.InnerTextAsync(new LocatorInnerTextOptions { Timeout = 2_000 })).Trim();
                await form.EvaluateAsync(FillScript, filling, new LocatorEvaluateOptions { Timeout = 2_000 });
                var response = await page.RunAndWaitForResponseAsync(
                    () => button.ClickAsync(new LocatorClickOptions { Timeout = 5_000 }),
                    r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400,
                    new PageRunAndWaitForResponseOptions { Timeout = 5_000 });
                await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
                return (response, label);
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                return null;
            }
        }

        private async Task<IResponse?> OpenAsync(string url)
        {
            try
            {
                // Not waiting for the charts' and diagrams' scripts: what a person reads is there at DOMContentLoaded.
                return await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
            }
            catch (PlaywrightException e) when (e.Message.Contains("Download is starting", StringComparison.Ordinal))
            {
                return null;
            }
        }

        /// <summary>Notes what a person would be stuck with; true for an HTML page worth walking on from.</summary>
        private async Task<bool> InspectAsync(IResponse response, string where)
        {
            var type = (await response.HeaderValueAsync("content-type") ?? "").Split(';')[0].Trim();
            var disposition = await response.HeaderValueAsync("content-disposition") ?? "";
            if (disposition.StartsWith("attachment", StringComparison.OrdinalIgnoreCase) || type is "text/csv")
            {
                return false;
            }

            if (response.Status >= 500)
            {
                Findings.Add($"{where}: {response.Status}");
            }

            if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                Findings.Add($"{where}: raw JSON ({response.Status}) {Shorten(await page.InnerTextAsync("body"))}");
                return false;
            }

            if (type != "text/html")
            {
                Findings.Add($"{where}: {type} instead of a page ({response.Status})");
                return false;
            }

            var text = await page.InnerTextAsync("body");
            if (text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('['))
            {
                Findings.Add($"{where}: raw JSON as the page ({response.Status}) {Shorten(text)}");
            }

            foreach (Match english in EnglishFrameworkText().Matches(text))
            {
                Findings.Add($"{where}: English “{english.Value}” ({response.Status})");
            }

            var current = page.Url.Split('#')[0];
            var waysOn = await page.EvalOnSelectorAllAsync<int>("a[href]", "(links, here) => links.filter(a => a.href.split('#')[0] !== here).length", current);
            if (waysOn == 0)
            {
                Findings.Add($"{where}: no way on (no link) ({response.Status})");
            }

            return true;
        }

        private async Task CollectLinksAsync()
        {
            foreach (var href in await page.EvalOnSelectorAllAsync<string[]>("a[href]", "links => links.filter(a => !a.hasAttribute('download')).map(a => a.href)"))
            {
                Enqueue(href);
            }
        }

        private void Enqueue(string href)
        {
            if (!Uri.TryCreate(href, UriKind.Absolute, out var uri) || uri.Authority != site.Authority || Skipped().IsMatch(uri.AbsolutePath))
            {
                return;
            }

            var url = uri.GetLeftPart(UriPartial.Query);
            var shape = Shape(url);
            if (_seen.Contains(url) || _shapes.GetValueOrDefault(shape) >= PerShape)
            {
                return;
            }

            _seen.Add(url);
            _shapes[shape] = _shapes.GetValueOrDefault(shape) + 1;
            _queue.Enqueue(url);
        }

        private string Path(string url) => new Uri(url).PathAndQuery;

        /// <summary>A kind of page: its path with ids, tokens and dates taken out, and its query's names without values.</summary>
        private static string Shape(string url)
        {
            var uri = new Uri(url);
            var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0]).Order(StringComparer.Ordinal));
            return Id().Replace(uri.AbsolutePath, "{id}") + "?" + query;
        }

        private static string Shorten(string text) => text.Length <= 120 ? text.ReplaceLineEndings(" ") : text[..120].ReplaceLineEndings(" ") + "…";

        [GeneratedRegex(@"(?<=/)([0-9a-fA-F]{8}-[0-9a-fA-F-]{27}|\d+|[0-9]{4}-[0-9]{2}(-[0-9]{2})?|[A-Za-z0-9_-]{20,})(?=/|$)")]
        private static partial Regex Id();

        /// <summary>Sign-out, Hangfire's dashboard (its own English UI) and the API reference's internals.</summary>
        [GeneratedRegex(@"^/(logout|hangfire|scalar|openapi)(/|$)", RegexOptions.IgnoreCase)]
        private static partial Regex Skipped();
    }

    /// <summary>Fills a form as <c>empty</c>, or with bad values (<c>bad-past</c> or <c>bad-9999</c> for its dates), with the browser's own checks taken off (a person's browser may have none).</summary>
    private const string FillScript = """
        (form, filling) => {
            form.noValidate = true;
            // Longer than any field takes (2,000 at most); in a search box (GET), short enough for an address (a browser's limit, not the site's).
            const long = (form.method === 'get' ? '测'.repeat(300) : '测'.repeat(2100)) + '\u0007\u001b';
            for (const el of form.querySelectorAll('input, textarea, select')) {
                for (const a of ['required', 'maxlength', 'minlength', 'min', 'max', 'pattern', 'step']) el.removeAttribute(a);
                const type = (el.getAttribute('type') || el.tagName).toLowerCase();
                if (['hidden', 'submit', 'button', 'reset', 'file'].includes(type) || el.disabled) continue;
                el.readOnly = false;
                if (type === 'radio' || type === 'checkbox') { if (filling === 'empty') el.checked = false; continue; }
                if (el.tagName === 'SELECT') {
                    if (filling !== 'empty') { const o = new Option('?', filling === 'bad-past' ? '-1' : 'abc'); el.add(o); el.value = o.value; }
                    continue;
                }
                if (filling === 'empty') { el.value = ''; continue; }
                const past = filling === 'bad-past';
                if (type === 'number') { el.type = 'text'; el.value = past ? 'abc' : '99999999999999999999'; }
                else if (type === 'date') { el.type = 'text'; el.value = past ? '2000-01-01' : '9999-12-31'; }
                else if (type === 'datetime-local') { el.type = 'text'; el.value = past ? '2000-01-01T09:00' : '9999-12-31T23:59'; }
                else if (type === 'month') { el.type = 'text'; el.value = past ? '2000-01' : '9999-13'; }
                else if (type === 'time') { el.type = 'text'; el.value = past ? '25:61' : 'abc'; }
                else if (type === 'email' || type === 'tel') { el.type = 'text'; el.value = past ? long : 'abc\u0001'; }
                else el.value = past ? long : '<b>x</b>\u0001';
            }
        }
        """;

    /// <summary>What the framework writes in English when a page leaves an error to it.</summary>
    [GeneratedRegex(@"Not Found|An error occurred|Bad Request|The field|is required|System\.|Exception|Internal Server Error|Forbidden|Unauthorized|Service Unavailable|is not valid|The value '")]
    private static partial Regex EnglishFrameworkText();
}
