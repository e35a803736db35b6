import { describe, expect, it } from "vitest";
import { parseNetworks } from "./address-policy.js";
import { BlockedAddressError, guardedLookup } from "./guarded-lookup.js";

const lookup = (host: string, networks: string[]) =>
  new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
    guardedLookup(parseNetworks(networks))(host, {}, (error, address) => resolve({ error, address })),
  );

describe("guarded lookup", () => {
  it("refuses a name resolving to a blocked address without saying which address", async () => {
    const { error } = await lookup("localhost", []);
    expect(error).toBeInstanceOf(BlockedAddressError);
    // The message reaches the tenant (attempt error, /test answer); the address only the log.
    expect(error?.message).toBe("destination not allowed");
    expect((error as BlockedAddressError).address).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect((error as BlockedAddressError).host).toBe("localhost");
  });

  it("passes the address on when it is allowed", async () => {
    const { error, address } = await lookup("localhost", ["127.0.0.0/8", "::1/128"]);
    expect(error).toBeNull();
    expect(address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});
