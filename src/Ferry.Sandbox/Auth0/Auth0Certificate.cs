using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// The HTTPS listener's certificate: self-signed, made at start (RSA 2048, SAN IP 127.0.0.1 and DNS localhost, valid
/// for a day either side of now), and written as PEM so a client can trust it (Node: <c>NODE_EXTRA_CA_CERTS</c>).
/// </summary>
public static class Auth0Certificate
{
    public static X509Certificate2 Create(DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Ferry sandbox (Auth0)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        // Round-trip through PKCS#12 so Kestrel gets a certificate whose private key is usable on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Writes the certificate (public part only) as PEM, creating the directory.</summary>
    public static void WritePem(X509Certificate2 certificate, string path)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            System.IO.Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
    }

    public static string DefaultPath(int port) => Path.Combine(Path.GetTempPath(), $"ferry-sandbox-auth0-{port}.pem");
}
