using System.Net;
using Ferry.Server.Configuration;

namespace Ferry.Server.ForwardedHeaders;

/// <summary>The proxies and networks of <c>Ferry:ForwardedHeaders:*</c>, read from the configuration, and the entries that are not addresses or networks.</summary>
public sealed record TrustedProxies(IReadOnlyList<IPAddress> Proxies, IReadOnlyList<IPNetwork> Networks, IReadOnlyList<string> Problems)
{
    public bool Any => Proxies.Count > 0 || Networks.Count > 0;

    public static TrustedProxies Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var proxies = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        var problems = new List<string>();
        foreach (var (name, value) in ConfigurationList.Entries(configuration.GetSection($"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.KnownProxies)}")))
        {
            if (IPAddress.TryParse(value, out var address))
            {
                proxies.Add(address);
            }
            else
            {
                problems.Add($"{name} must be an IP address (e.g. 10.0.0.4).");
            }
        }

        foreach (var (name, value) in ConfigurationList.Entries(configuration.GetSection($"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.KnownNetworks)}")))
        {
            if (IPNetwork.TryParse(value, out var network))
            {
                networks.Add(network);
            }
            else
            {
                problems.Add($"{name} must be a network in CIDR notation (e.g. 10.0.0.0/24).");
            }
        }

        return new TrustedProxies(proxies, networks, problems);
    }
}
