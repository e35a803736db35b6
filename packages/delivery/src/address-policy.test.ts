import { describe, expect, it } from "vitest";
import { isAddressAllowed, isHostAllowed, parseNetworks } from "./address-policy.js";

const none = parseNetworks([]);

describe("address policy", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    // Not plain public unicast, although ipaddr.js has no range name for some of them.
    "::127.0.0.1",
    "::7f00:1",
    "::8.8.8.8",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::1",
    "2001:db8::1",
    "100::1",
    "fec0::1",
    "::ffff:0:7f00:1",
    "127.1",
    "0x7f.0.0.1",
  ])("blocks %s by default", (address) => {
    expect(isAddressAllowed(address, none)).toBe(false);
  });

  it.each(["93.184.216.34", "8.8.8.8", "2606:4700::1111"])("allows public %s", (address) => {
    expect(isAddressAllowed(address, none)).toBe(true);
  });

  it("allows a private address inside an allowed network, and only there", () => {
    const allowed = parseNetworks(["127.0.0.0/8", "fd00::/8"]);
    expect(isAddressAllowed("127.0.0.1", allowed)).toBe(true);
    expect(isAddressAllowed("::ffff:127.0.0.1", allowed)).toBe(true);
    expect(isAddressAllowed("fd12::1", allowed)).toBe(true);
    expect(isAddressAllowed("10.0.0.1", allowed)).toBe(false);
  });

  it("treats an IPv4-mapped allowed network like its IPv4 form", () => {
    const allowed = parseNetworks(["::ffff:10.0.0.0/104"]);
    expect(isAddressAllowed("10.9.9.9", allowed)).toBe(true);
  });

  it("rejects malformed networks with a clear message", () => {
    expect(() => parseNetworks(["10.0.0.0/33"])).toThrow(/"10.0.0.0\/33" is not a CIDR network/);
    expect(() => parseNetworks(["nope"])).toThrow(/"nope" is not a CIDR network/);
  });

  it("judges literal hosts and localhost before any DNS lookup", () => {
    expect(isHostAllowed("localhost", none)).toBe(false);
    expect(isHostAllowed("[::1]", none)).toBe(false);
    expect(isHostAllowed("169.254.169.254", none)).toBe(false);
    expect(isHostAllowed("example.com", none)).toBe(true);
    expect(isHostAllowed("localhost", parseNetworks(["127.0.0.0/8"]))).toBe(true);
  });

  it("treats trailing-dot and IPv4-compatible forms like the host they name", () => {
    for (const host of [
      "localhost.",
      "LOCALHOST..",
      "app.localhost.",
      "[::127.0.0.1]",
      "[::7f00:1]",
      "127.0.0.1.",
    ])
      expect(isHostAllowed(host, none), host).toBe(false);
    expect(isHostAllowed("example.com.", none)).toBe(true);
  });
});
