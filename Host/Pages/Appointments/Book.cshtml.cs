using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Appointments;

/// <summary>
/// 预约 one slot: name, phone, ID number, email; the use case checks them and says what is wrong,
/// per field; once booked, on to the confirmation (<see cref="BookedModel"/>). The item's 办事指南
/// stays in view, so the citizen knows what to bring before confirming.
/// </summary>
public sealed class BookModel(AppointmentQueries queries, CatalogueQueries catalogue, BookAppointmentHandler book, BookingKey keys) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public int SlotId { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? IdNumber { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    public SessionView? Session { get; private set; }

    public SlotView? Slot { get; private set; }

    public ItemSummary? Item { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        BookingConfirmation? booked = null;
        var phone = Phone?.Trim() ?? "";
        if (await TryAsync(async () => booked = await book.HandleAsync(
            new BookAppointment(Session!.ItemId, SlotId, Name?.Trim() ?? "", phone, IdNumber?.Trim() ?? "", Email?.Trim() ?? ""), ct)))
        {
            // The confirmation has an address of its own: a refresh shows it again rather than booking again.
            return RedirectToPage("Booked", new { key = keys.For(booked!.Reference, phone) });
        }

        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await queries.SlotAsync(SlotId, ct) is not { } found)
        {
            return false;
        }

        (Session, Slot) = found;
        Item = await catalogue.ItemAsync(Session.ItemId, ct);
        return true;
    }
}
