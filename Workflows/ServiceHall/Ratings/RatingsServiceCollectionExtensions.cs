using Governance.Engine.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.ServiceHall.Ratings;

public static class RatingsServiceCollectionExtensions
{
    /// <summary>好差评: the invitation and rectification definitions, the limits and link address (section <c>Ratings</c>), the use cases and queries.</summary>
    public static IServiceCollection AddRatings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RatingOptions>()
            .Bind(configuration.GetSection(RatingOptions.Section))
            .Validate(o => o.IsValid, $"{RatingOptions.Section}: PublicBaseUrl must be an absolute http(s) address; InvitationValidDays and AppealDays must lie in (0, 90], RectificationWorkingDays and ReviewWorkingDays in (0, 60].")
            .ValidateOnStart();
        services.AddSingleton(RatingInvitationWorkflow.Definition);
        services.AddSingleton(RectificationWorkflow.Definition);
        services.AddSingleton<RatingInvitations>();
        services.AddSingleton(new OutboxTemplate(RatingInvitations.Template, nameof(RatingInvitations)));
        services.AddSingleton<InviteRatingHandler>();
        services.AddSingleton<RateServiceHandler>();
        services.AddSingleton<TakeRectificationStepHandler>();
        services.AddSingleton<AppealRectificationHandler>();
        services.AddSingleton<RatingQueries>();
        services.AddSingleton<RatingsExport>();
        return services;
    }
}
