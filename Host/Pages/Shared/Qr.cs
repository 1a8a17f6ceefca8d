using QRCoder;

namespace Governance.Host.Pages.Shared;

/// <summary>QR codes drawn as inline SVG (QRCoder): no image service, no script.</summary>
public static class Qr
{
    public static string Svg(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
