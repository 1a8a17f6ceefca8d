using System.Text.Encodings.Web;
using System.Text.Unicode;
using Governance.Host.Api;
using Governance.Host.Auth;
using Governance.Host.Live;
using Governance.Host.Observability;
using Governance.Host.Operations;
using Governance.Host.Scheduling;
using Governance.Notifications;
using Governance.Workflows;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.WebEncoders;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Governance")
    ?? throw new InvalidOperationException("Connection string 'Governance' is not configured.");

// Migrations first: hosted services start in the order they are added.
builder.Services.AddHostedService<DatabaseMigrator>();
builder.Services.AddHostedService<CalendarRefresh>();
builder.Services.AddWorkflows(builder.Configuration);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddEmailDelivery(builder.Configuration, connectionString);
builder.Services.AddScheduling(builder.Configuration, connectionString);
builder.Services.AddGovernanceAuth(connectionString);
builder.Services.AddIdempotency(builder.Configuration);
builder.Services.AddLive(builder.Configuration);
builder.Services.AddTelemetry(builder.Configuration);

builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = FrameworkProblems.Localise);
builder.Services.AddExceptionHandler<ProblemDetailsMapping>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o => RequestJson.Configure(o.SerializerOptions));
builder.Services.AddOpenApi();

// Pages for people (zh-CN, server-rendered); they call the same use cases as the API.
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/Staff", AuthExtensions.StaffPages);
    o.Conventions.AuthorizeFolder("/Lead", AuthExtensions.LeadPages);
    o.Conventions.AuthorizeFolder("/Sanling", AuthExtensions.SafetyPages);
    o.Conventions.AuthorizeFolder("/My", AuthExtensions.CitizenPages);
    o.Conventions.AuthorizeFolder("/Poverty", AuthExtensions.PovertyPages);
    o.Conventions.AuthorizeFolder("/Admin", AuthExtensions.AdminPages);
});
builder.Services.AddSingleton<Governance.Host.Pages.Appointments.BookingKey>();
builder.Services.AddSingleton<Governance.Host.Pages.Hall.FloorKeys>();
builder.Services.AddSingleton<Governance.Host.Pages.Hall.PhoneReadings>();
builder.Services.AddHybridCache();

// Pages write Chinese as Chinese, not as &#x...; entities (Razor's encoder escapes all but Basic Latin by default).
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

// Bound page fields are nullable on purpose: the use cases say what is missing, in Chinese.
builder.Services.Configure<MvcOptions>(o =>
{
    o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
    BindingMessages.Localise(o.ModelBindingMessageProvider);
    o.Filters.Add<InputRulesPageFilter>();
});
builder.Services.AddHealthChecks()
    .AddCheck<DatabaseHealthCheck>("postgresql")
    .AddCheck<QuartzHealthCheck>("quartz")
    .AddCheck<HangfireHealthCheck>("hangfire")
    .AddCheck<CalendarHealthCheck>("calendar")
    .AddCheck<EmailHealthCheck>("email");

var app = builder.Build();

app.UseStatusPages();

// Routing after the status pages, so that their re-executed request is routed again to the status page.
app.UseRouting();
app.UseStaticFiles();
app.UseBrowserLibraries();
app.UseAuthentication();
app.UseSessionOutages();
app.UseAuthorization();

// After authorization: a kept live part is shown only to whom the page's policy admits (Live.LiveParts).
app.UseOutputCache();

app.MapOpenApi();
// A government intranet reaches no internet: the reference's script is the package's own (served
// under /scalar), and nothing it would fetch from Scalar's servers is asked for (fonts, AI agent, MCP, telemetry, the developer toolbar of its cloud).
app.MapScalarApiReference(o => o.WithTitle("政务服务 API").DisableDefaultFonts().DisableAgent().DisableMcp().DisableTelemetry().HideDeveloperTools());
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
app.MapMetrics();

// Administrators only, through the sign-in cookie; Hangfire's own local-requests-only filter is
// replaced by the endpoint's policy, which also holds behind a reverse proxy.
app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], AppPath = "/" })
    .RequireAuthorization(AuthExtensions.AdminPages);

// Every route's input is held to the same rules (text, dates) before a use case sees it.
var routes = app.MapGroup("").AddEndpointFilterFactory(InputRulesFilter.Create);
routes.MapGroup("/auth").WithTags("登录").AddEndpointFilter<IdentityRequests>().AddEndpointFilter<SelfRegistration>().MapIdentityApi<AppUser>();
routes.MapWorkflowApi();
routes.MapExtendedHoursApi();
routes.MapAppointmentsApi();
routes.MapHomeVisitsApi();
routes.MapRatingsApi();
routes.MapQueueApi();
routes.MapDisputesApi();
routes.MapMyDisputesApi();
routes.MapSafetyCampaignApi();
routes.MapIncidentsApi();
routes.MapRankingApi();
routes.MapPovertyApi();
routes.MapCalendarApi();
routes.MapAdminApi();
routes.MapLiveApi();
app.MapRazorPages();

await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
