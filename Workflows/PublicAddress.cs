namespace Governance.Workflows;

/// <summary>The Host's public address, which the links in people's emails start with (a setting per use: <c>Ratings:PublicBaseUrl</c>, <c>SafetyCampaign:Disputes:PublicBaseUrl</c>).</summary>
internal static class PublicAddress
{
    /// <summary>An absolute http(s) address.</summary>
    public static bool IsValid(string? address) => Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    /// <summary><paramref name="path"/> (starting with <c>/</c>) under <paramref name="address"/>, however its end is written.</summary>
    public static string Link(string address, string path) => $"{address.TrimEnd('/')}{path}";
}
