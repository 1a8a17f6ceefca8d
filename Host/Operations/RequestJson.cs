using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Governance.Host.Operations;

/// <summary>
/// How the API reads JSON: enums by name only (<c>{"level":1}</c> is not a level), no <c>null</c>
/// where the request type says a value is always there, and no silent default for a field that
/// is neither nullable nor defaulted (a missing <c>opens</c> was 00:00). What is refused here
/// answers 400 through <see cref="ProblemDetailsMapping"/>, naming the field; nullable fields stay
/// optional, for the use cases to say in Chinese what is missing.
/// </summary>
public static class RequestJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.RespectNullableAnnotations = true;
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(RequireWhatCannotBeAbsent);
    }

    private static void RequireWhatCannotBeAbsent(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            // Answers are written as before: a null the code left in a response is not the caller's fault.
            if (!property.PropertyType.IsValueType)
            {
                property.IsGetNullable = true;
            }

            if (property.AssociatedParameter is { HasDefaultValue: false, IsNullable: false })
            {
                property.IsRequired = true;
            }
        }
    }
}
