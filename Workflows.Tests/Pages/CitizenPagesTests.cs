using Governance.Workflows.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Governance.Workflows.Tests.Pages;

/// <summary>A citizen on a phone, in Debian's Chromium: find the Sunday session, book it, get the email, look the booking up masked.</summary>
[Collection(BrowserTests.Name)]
public sealed class CitizenPagesTests(PagesDatabase database) : BrowserTest(database, PagesHall.FridayAt(10))
{
    private PagesHall _hall = null!;

    protected override async Task SeedAsync() => _hall = await PagesHall.CreateAsync(database);

    [Fact]
    public async Task A_citizen_books_a_sunday_slot_on_a_phone_sees_the_id_error_next_to_the_field_and_gets_the_confirmation_email()
    {
        var email = $"citizen-{Guid.NewGuid():N}@test.gov.cn";
        var page = await Chromium.NewPageAsync(Address, phone: true);

        await page.GotoAsync($"appointments?hallId={_hall.Hall.Hall.Id}");
        var sunday = page.Locator($"[data-session='{_hall.Sunday.Id}']");
        await Expect(sunday.Locator(".badge.special")).ToHaveTextAsync("周日");
        await Browser.ScreenshotAsync(page, "citizen-sessions");
        await sunday.GetByRole(AriaRole.Link, new() { Name = "09:30–10:00" }).ClickAsync();

        await page.FillAsync("#name", "张三");
        await page.FillAsync("#phone", TestPeople.Phone(601));
        await page.FillAsync("#idNumber", "410101198001010000");
        await page.FillAsync("#email", email);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("#idNumber-error")).ToHaveTextAsync("身份证号码有误（18 位，末位校验）");
        await Expect(page.Locator("#idNumber")).ToHaveAttributeAsync("aria-invalid", "true");
        await Browser.ScreenshotAsync(page, "citizen-book-error");

        await page.FillAsync("#idNumber", TestPeople.IdNumber(601));
        await page.ClickAsync("button[type=submit]");
        var reference = (await page.Locator("#reference").TextContentAsync())!.Trim();
        await Browser.ScreenshotAsync(page, "citizen-booked");

        var mail = Assert.Single(await Mailbox.WaitForAsync(email));
        Assert.Equal("【预约成功】契税 2026-11-22 09:30", mail.Subject);
        Assert.Contains($"预约号：{reference}", mail.Text, StringComparison.Ordinal);

        await page.GotoAsync("appointments/manage");
        await page.FillAsync("#reference", reference);
        await page.FillAsync("#phone", TestPeople.Phone(601));
        await page.ClickAsync("text=查询");
        var booking = page.Locator("#booking");
        await Expect(booking).ToContainTextAsync("139****0601");
        await Expect(booking).ToContainTextAsync("4116**********" + TestPeople.IdNumber(601)[^4..]);
        await Expect(booking).Not.ToContainTextAsync(TestPeople.IdNumber(601));
        await Browser.ScreenshotAsync(page, "citizen-manage");
    }
}
