using Governance.Host.Demo;
using Governance.Workflows.PovertyMonitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Governance.Host.Pages.Admin;

/// <summary>
/// 防返贫 screening imports: the administrator uploads the month's file (医保 or 教育; CSV or .xlsx)
/// and reads what it did — lines read, households over the line, warnings raised, households
/// already warned. A file refused is refused whole, its problems by line and column beside the
/// file field. The demo's sample file for this month is offered for download.
/// </summary>
public sealed class PovertyModel(ImportScreeningHandler handler, PovertyQueries queries, IOptions<PovertyOptions> options) : Pages.GovernancePage
{
    [BindProperty]
    public ScreeningSource? Source { get; set; } = ScreeningSource.MedicalInsurance;

    [BindProperty]
    public string? Month { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public IReadOnlyList<ImportSummary> Imports { get; private set; } = [];

    public ImportSummary? Result { get; private set; }

    public PovertyOptions Options => options.Value;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Month ??= $"{queries.CurrentMonth():yyyy-MM}";
        Imports = await queries.ImportsAsync(Actor, 24, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        byte[]? content = null;
        if (Upload is { Length: > 0 } file && file.Length <= Options.MaxFileBytes)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        else if (Upload is { Length: > 0 })
        {
            content = new byte[Options.MaxFileBytes + 1]; // the use case refuses it by size, in its own words
        }

        ImportSummary? result = null;
        if (await TryAsync(async () => result = await handler.HandleAsync(new ImportScreening(Source, Month, Upload?.FileName, content), Actor, ct)))
        {
            Result = result;
        }

        Imports = await queries.ImportsAsync(Actor, 24, ct);
        return Page();
    }

    /// <summary>The demo's medical-insurance file for this month.</summary>
    public IActionResult OnGetSample()
    {
        var month = queries.CurrentMonth();
        return File(PovertySample.MedicalCsv(month), "text/csv; charset=utf-8", PovertySample.FileName(month));
    }
}
