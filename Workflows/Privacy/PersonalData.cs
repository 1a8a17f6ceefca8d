using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Governance.Workflows.Privacy;

/// <summary>
/// ID numbers (身份证号) and phone numbers are personal information (个人信息保护法): checked on
/// the way in, shown masked to whoever does not need them, never logged.
/// </summary>
public static partial class PersonalData
{
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckDigits = "10X98765432";

    /// <summary>A mainland mobile number: 11 digits starting 1[3-9].</summary>
    public static bool IsMobile(string? phone) => phone is not null && MobilePattern().IsMatch(phone);

    /// <summary>An 18-character resident ID number whose last character matches the GB 11643 checksum.</summary>
    public static bool IsIdNumber(string? id)
    {
        if (id is null || id.Length != 18 || id.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        return char.ToUpperInvariant(id[17]) == IdCheckDigit(id.AsSpan(0, 17));
    }

    /// <summary>The GB 11643 check character (0–9 or X) of an ID number's first 17 digits.</summary>
    public static char IdCheckDigit(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17 || first17.ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException("An ID number's body is 17 digits.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * IdWeights[i];
        }

        return IdCheckDigits[sum % 11];
    }

    /// <summary>A bare address (no display name), at most 254 characters, exactly as typed.</summary>
    public static bool IsEmail(string? value) =>
        value is { Length: <= 254 } && MailAddress.TryCreate(value, out var address) && address.Address == value && address.DisplayName.Length == 0;

    /// <summary><c>138****5678</c>.</summary>
    public static string MaskPhone(string? phone) =>
        phone is null or { Length: < 7 } ? "****" : $"{phone[..3]}{new string('*', phone.Length - 7)}{phone[^4..]}";

    /// <summary><c>4127**********1234</c>.</summary>
    public static string MaskIdNumber(string? id) =>
        id is null or { Length: < 8 } ? "****" : $"{id[..4]}{new string('*', id.Length - 8)}{id[^4..]}";

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();
}
