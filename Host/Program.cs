using System.Text.Json.Serialization;
using Governance.Host.Api;
using Governance.Host.Auth;
using Governance.Host.Operations;
using Governance.Host.Scheduling;
using Governance.Notifications;
using Governance.Workflows;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Governance")
    ?? throw new InvalidOperationException("Connection string 'Governance' is not configured.");

// Migrations first: hosted services start in the order they are added.
builder.Services.AddHostedService<DatabaseMigrator>();
builder.Services.AddWorkflows(builder.Configuration);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddEmailDelivery(builder.Configuration, connectionString);
builder.Services.AddScheduling(builder.Configuration, connectionString);
builder.Services.AddGovernanceAuth(connectionString);

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsMapping>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks()
    .AddCheck<DatabaseHealthCheck>("postgresql")
    .AddCheck<QuartzHealthCheck>("quartz")
    .AddCheck<HangfireHealthCheck>("hangfire")
    .AddCheck<CalendarHealthCheck>("calendar");

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
app.MapHangfireDashboard("/hangfire");
app.MapGroup("/auth").WithTags("登录").MapIdentityApi<AppUser>();
app.MapWorkflowApi();
app.MapExtendedHoursApi();
app.MapAppointmentsApi();
app.MapHomeVisitsApi();
app.MapRatingsApi();
app.MapQueueApi();
app.MapDisputesApi();
app.MapSafetyCampaignApi();
app.MapIncidentsApi();
app.MapRankingApi();
app.MapGet("/", () => TypedResults.Redirect("/openapi/v1.json")).ExcludeFromDescription();

await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
