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

// Only global unicast space (2000::/3) is public IPv6. The rest of the space, e.g. the
// deprecated IPv4-compatible ::/96 (::127.0.0.1), has no range name in ipaddr.js.
const GLOBAL_UNICAST: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("2000::"), 3];

// The WHATWG URL parser writes every address in one canonical form: IPv4 as four decimals,
// IPv6 compressed hex without an embedded dotted quad. ipaddr.js reads "::1.2.3.4" (IPv4-
// compatible) as if it were "::ffff:1.2.3.4", so addresses are canonicalised before it parses.
function parseCanonical(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const literal = address.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(literal)) return undefined;
  try {
    const host = new URL(`http://${literal.includes(":") ? `[${literal}]` : literal}/`).hostname;
    return normalize(ipaddr.parse(host.replace(/^\[|\]$/g, "")));
  } catch {
    return undefined;
  }
}

export function isAddressAllowed(address: string, allowed: AllowedNetworks): boolean {
  const parsed = parseCanonical(address);
  if (!parsed) return false;
  if (allowed.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits)))
    return true;
  if (parsed.range() !== "unicast") return false;
  return parsed.kind() === "ipv4" || parsed.match(GLOBAL_UNICAST);
}

/**
 * For URL validation at subscription time and again before connecting, without DNS: a host
 * that is `localhost` or a literal non-public address is refused unless allowed. A trailing
 * dot names the same host ("localhost." is localhost). Names are checked again on the
 * resolved address at connect time (DNS can change).
 */
export function isHostAllowed(hostname: string, allowed: AllowedNetworks): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .toLowerCase()
    .replace(/\.+$/, "");
  if (host === "" || host === "localhost" || host.endsWith(".localhost")) {
    return isAddressAllowed("127.0.0.1", allowed);
  }
  if (ipaddr.isValid(host)) return isAddressAllowed(host, allowed);
  // Only a name that fails as an address yet looks like one (e.g. "127.1" outside a URL).
  if (/^[\d.]+$/.test(host) || host.includes(":")) return false;
  return true;
}
