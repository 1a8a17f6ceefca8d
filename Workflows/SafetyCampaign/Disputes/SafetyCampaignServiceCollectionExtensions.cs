using Governance.Workflows.Privacy;
using Governance.Workflows.SafetyCampaign.Organisation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.SafetyCampaign.Disputes;

public static class SafetyCampaignServiceCollectionExtensions
{
    /// <summary>三零: the organisation's queries, the dispute ladder's definition, its limits (section <c>SafetyCampaign:Disputes</c>), its use cases, queries, alerts and ledger export.</summary>
    public static IServiceCollection AddSafetyCampaign(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DisputeOptions>()
            .Bind(configuration.GetSection(DisputeOptions.Section))
            .Validate(o => o.IsValid, $"{DisputeOptions.Section}: PublicBaseUrl must be an absolute http(s) address; the working-day limits must lie in (0, 60] (department and the joint handling's lead and assisting parts (0, 90], follow-up (0, 30]), MaxExtensions in [0, 5], MaxExtensionWorkingDays in (0, 30], PetitionConclusionDays in (0, 60], PetitionExtensionDays in [0, 30].")
            .ValidateOnStart();
        services.AddSingleton<OrganisationQueries>();
        services.AddSingleton<AddTownshipHandler>();
        services.AddSingleton<AddPlaceHandler>();
        services.AddSingleton<ChangeRosterHandler>();
        services.AddSingleton<KeepDepartmentsHandler>();
        services.AddSingleton(DisputeWorkflow.Definition);
        services.AddSingleton(DisputeWorkflow.Version1);
        services.AddSingleton(JointHandlingWorkflow.Definition);
        services.AddSingleton<RegisterDisputeHandler>();
        services.AddSingleton<EscalateDisputeHandler>();
        services.AddSingleton<DeliverDisputeHandler>();
        services.AddSingleton<ReferDisputeHandler>();
        services.AddSingleton<ExtendDisputeHandler>();
        services.AddSingleton<ResolveDisputeHandler>();
        services.AddSingleton<FollowUpDisputeHandler>();
        services.AddSingleton<ReferJointHandler>();
        services.AddSingleton<FinishJointPartHandler>();
        services.AddSingleton<JointHandlingQueries>();
        services.AddSingleton<DisputeQueries>();
        services.AddSingleton<DisputeAlerts>();
        services.AddSingleton<DisputeLedgerExport>();
        services.AddSingleton<IRevealSource, DisputePartyRevealSource>();
        services.AddSingleton<Privacy.IPersonInstances, DisputePersons>();
        return services;
    }
}
