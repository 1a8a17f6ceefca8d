using Governance.Host.Pages.Sanling;

namespace Governance.Host.Pages.Shared;

/// <summary>
/// A place drop-down grouped by township (<c>optgroup</c>), which works without JavaScript;
/// place-picker.js adds a township choice that narrows the villages and a box to find one by
/// typing. The submitted value is the place's id, as a plain select posts it.
/// </summary>
/// <param name="AnyLabel">The first, empty choice of a filter (全部…); a form's picker has none.</param>
/// <param name="TownshipSelect">The id of the page's own township select that narrows this one (a filter's); otherwise the script adds one that posts nothing.</param>
public sealed record PlacePicker(string Id, string Name, IReadOnlyList<ReachablePlace> Places, int? Selected, string? AnyLabel = null, string? TownshipSelect = null);
