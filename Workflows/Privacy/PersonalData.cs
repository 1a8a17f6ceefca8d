using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MimeKit;

namespace Governance.Workflows.Privacy;

/// <summary>
/// ID numbers (身份证号) and phone numbers are personal information (个人信息保护法): checked on
/// the way in, shown masked to whoever does not need them, never logged.
/// </summary>
public static partial class PersonalData
{
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckDigits = "10X98765432";

    /// <summary>The provinces, autonomous regions, municipalities, Taiwan, Hong Kong and Macao of GB/T 2260.</summary>
    private static readonly HashSet<string> ProvinceCodes =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82",
    ];

    private static readonly ParserOptions StrictAddresses = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
    };

    /// <summary>A mainland mobile number: 11 digits starting 1[3-9].</summary>
    public static bool IsMobile(string? phone) => phone is not null && MobilePattern().IsMatch(phone);

    /// <summary>
    /// An 18-character resident ID number (GB 11643) as a whole: an administrative-division code
    /// of a real province (GB/T 2260's first two digits) with city and county digits, a birth date
    /// that exists and is not after <paramref name="today"/> (nor before 1900), and the check
    /// character. A checksum alone lets through numbers no one was ever issued (born 2099-13-45).
    /// </summary>
    public static bool IsIdNumber(string? id, DateOnly today)
    {
        if (id is null || id.Length != 18 || id.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        return ProvinceCodes.Contains(id[..2])
            && id.AsSpan(2, 4) is not "0000"
            && DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)
            && born.Year >= 1900 && born <= today
            && char.ToUpperInvariant(id[17]) == IdCheckDigit(id.AsSpan(0, 17));
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

    /// <summary>
    /// An address MailKit can send to, exactly as typed: a bare addr-spec with a domain (no display
    /// name, route or spaces), at most 254 characters, as MimeKit's strict parser reads it. The one
    /// check for every email taken in, so that an accepted address never fails later at delivery
    /// ("Invalid addr-spec" in a Hangfire job).
    /// </summary>
    public static bool IsEmail(string? value) =>
        value is { Length: > 0 and <= 254 }
        && !value.AsSpan().ContainsAnyInRange('\0', ' ')
        && !value.Contains('\u007f', StringComparison.Ordinal)
        && MailboxAddress.TryParse(StrictAddresses, value, out var mailbox)
        && string.IsNullOrEmpty(mailbox.Name)
        && mailbox.Route.Count == 0
        && mailbox.Address == value
        && mailbox.Domain.Length > 0
        && mailbox.LocalPart.Length > 0;

    /// <summary><c>138****5678</c>.</summary>
    public static string MaskPhone(string? phone) =>
        phone is null or { Length: < 7 } ? "****" : $"{phone[..3]}{new string('*', phone.Length - 7)}{phone[^4..]}";

    /// <summary><c>4127**********1234</c>.</summary>
    public static string MaskIdNumber(string? id) =>
        id is null or { Length: < 8 } ? "****" : $"{id[..4]}{new string('*', id.Length - 8)}{id[^4..]}";

    /// <summary><c>王**</c>: the surname, for lists that many read (the matter's own page shows the name to its readers).</summary>
    public static string MaskName(string? name) =>
        string.IsNullOrEmpty(name) ? "" : name.Length == 1 ? "*" : $"{name[0]}{new string('*', name.Length - 1)}";

    /// <summary><c>AB****YZ</c>: enough to tell two references apart, not enough to look one up with.</summary>
    public static string MaskReference(string? reference) =>
        reference is null or { Length: < 6 } ? "****" : $"{reference[..2]}{new string('*', reference.Length - 4)}{reference[^2..]}";

    /// <summary><c>w***@example.com</c>: the domain tells where mail goes, the mailbox stays private.</summary>
    public static string MaskEmail(string? email) =>
        email?.IndexOf('@', StringComparison.Ordinal) is > 0 and var at ? $"{email[0]}***{email[at..]}" : "****";

    /// <summary>
    /// The key every store matches a person by (人员标识): SHA-256 of the ID number, trimmed and in
    /// upper case (the check character X), as lower-case hex. The number itself is never kept for it.
    /// A store that keeps the number as given computes the same in SQL:
    /// <c>encode(sha256(convert_to(upper(btrim(n)), 'UTF8')), 'hex')</c>.
    /// </summary>
    public static string PersonKeyOf(string idNumber)
    {
        ArgumentNullException.ThrowIfNull(idNumber);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idNumber.Trim().ToUpperInvariant())));
    }

    /// <summary>
    /// An instance's facts (its JSON) as an administrator reads them: ID numbers, phones, e-mail
    /// addresses, people's names, addresses, references and links masked by the property's name,
    /// at any depth; everything else as stored.
    /// </summary>
    public static string MaskJson(string json)
    {
        var node = JsonNode.Parse(json);
        Mask(node);
        return node?.ToJsonString(IndentedJson) ?? "null";
    }

    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var text) && MaskFor(key) is { } mask)
                    {
                        o[key] = mask(text);
                    }
                    else
                    {
                        Mask(value);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Mask(item);
                }

                break;
        }
    }

    private static readonly string[] PersonNameKeys = ["name", "applicantname", "householdername", "citizenname", "partyname", "contactname"];

    private static Func<string, string>? MaskFor(string key)
    {
        var k = key.ToLowerInvariant();
        return k.Contains("idnumber", StringComparison.Ordinal) ? MaskIdNumber
            : k.Contains("phone", StringComparison.Ordinal) ? MaskPhone
            : k.Contains("email", StringComparison.Ordinal) ? MaskEmail
            : PersonNameKeys.Contains(k) ? MaskName
            : k.Contains("address", StringComparison.Ordinal) ? _ => "（已隐去）"
            : k.Contains("link", StringComparison.Ordinal) || k.Contains("token", StringComparison.Ordinal) ? _ => "（已隐去）"
            : k.Contains("reference", StringComparison.Ordinal) ? MaskReference
            : null;
    }

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();
}
