using Governance.Workflows.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>A report (台账, registers, ranking, ratings, hall figures) as a download.</summary>
internal static class ReportDownloads
{
    /// <summary>The file, or not found: a report out of the reader's scope answers as one that does not exist.</summary>
    public static Results<FileContentHttpResult, NotFound> Download(this ReportFile? file) =>
        file is { } f ? TypedResults.File(f.Content, f.ContentType, f.FileName) : TypedResults.NotFound();

    /// <summary>What a report's endpoint answers besides the file: a bad month or period, a role without the report, a place out of scope.</summary>
    public static RouteHandlerBuilder ProducesReport(this RouteHandlerBuilder builder) =>
        builder.ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
