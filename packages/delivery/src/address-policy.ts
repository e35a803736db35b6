import ipaddr from "ipaddr.js";

/**
 * Which addresses a webhook may target. Everything that is not plain public unicast
 * (loopback, private, link-local — which covers cloud metadata at 169.254.169.254 —,
 * CGNAT, unspecified, multicast, reserved, …) is blocked unless it falls inside one of
 * the operator's ALLOWED_PRIVATE_NETWORKS. ipaddr.js owns the range tables.
 */
export type AllowedNetworks = ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;

export function parseNetworks(cidrs: readonly string[]): AllowedNetworks {
  return cidrs.map((cidr) => {
    try {
      const [address, bits] = ipaddr.parseCIDR(cidr);
      return [
        normalize(address),
        address.kind() === "ipv6" && normalize(address).kind() === "ipv4" ? bits - 96 : bits,
      ];
    } catch {
      throw new Error(`"${cidr}" is not a CIDR network such as 10.0.0.0/8 or fd00::/8`);
    }
  });
}

// IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
function normalize(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

export function isAddressAllowed(address: string, allowed: AllowedNetworks): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = normalize(ipaddr.parse(address));
  if (parsed.range() === "unicast") return true;
  return allowed.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits));
}

/**
 * For URL validation at subscription time, before any DNS lookup: a host that is
 * `localhost` or a literal non-public address is refused unless allowed. Names are
 * checked again on the resolved address at connect time (DNS can change).
 */
export function isHostAllowed(hostname: string, allowed: AllowedNetworks): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) {
    return isAddressAllowed("127.0.0.1", allowed);
  }
  if (ipaddr.isValid(host)) return isAddressAllowed(host, allowed);
  return true;
}
