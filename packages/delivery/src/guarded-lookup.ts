import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { type AllowedNetworks, isAddressAllowed } from "./address-policy.js";

// The message is what the tenant sees (attempt error, /test answer): it never names the
// address, or a blocked destination would tell which internal names resolve and where. The
// address is kept for the operator's log.
export class BlockedAddressError extends Error {
  override name = "BlockedAddressError";
  readonly code = "ERR_BLOCKED_ADDRESS";
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super("destination not allowed");
  }
}

// How a name becomes addresses: node's resolver (the system's, as every other client here uses),
// or another with its signature (tests hand in one that answers differently call by call).
export type Resolve = (
  hostname: string,
  options: { all: true; family?: number | string },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

// A socket `lookup` that refuses addresses outside the policy. It judges the very addresses the
// socket then connects to, so a name that resolves differently later (DNS rebinding) cannot
// slip past a check made earlier. IP literals never reach a lookup: check those separately.
export function guardedLookup(allowed: AllowedNetworks, resolve: Resolve = dnsLookup as Resolve) {
  return (
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: LookupCallback,
  ) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, options.all ? [] : "");
      const blocked = addresses.find((entry) => !isAddressAllowed(entry.address, allowed));
      if (blocked) {
        return callback(new BlockedAddressError(hostname, blocked.address), "");
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "");
      callback(null, first.address, first.family);
    });
  };
}
