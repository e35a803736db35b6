import { describe, expect, it } from "vitest";
import { parseNetworks } from "./address-policy.js";
import { BlockedAddressError, guardedLookup, type Resolve } from "./guarded-lookup.js";
import { scriptedResolver } from "./scripted-resolver.test-support.js";

const lookup = (host: string, networks: string[], resolve: Resolve) =>
  new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family: unknown }>((done) =>
    guardedLookup(parseNetworks(networks), resolve)(host, {}, (error, address, family) =>
      done({ error, address, family }),
    ),
  );

describe("guarded lookup", () => {
  it("refuses a name resolving to a blocked address, naming the address to the operator only", async () => {
    const { error } = await lookup("internal.example", [], scriptedResolver(["10.0.0.7"]));
    expect(error).toBeInstanceOf(BlockedAddressError);
    // The message reaches the tenant (attempt error, /test answer); the address only the log.
    expect(error?.message).toBe("destination not allowed");
    expect(error).toMatchObject({ host: "internal.example", address: "10.0.0.7" });
  });

  it("refuses a name when any one of its addresses is blocked", async () => {
    const { error } = await lookup("mixed.example", [], scriptedResolver(["93.184.216.34", "127.0.0.1"]));
    expect(error).toMatchObject({ address: "127.0.0.1" });
  });

  it("passes an allowed address on to the socket", async () => {
    const result = await lookup("loop.example", ["127.0.0.0/8"], scriptedResolver(["127.0.0.9"]));
    expect(result).toEqual({ error: null, address: "127.0.0.9", family: 4 });
  });

  it("judges every lookup anew, so a name that rebinds to a blocked address is refused", async () => {
    const resolve = scriptedResolver(["93.184.216.34"], ["169.254.169.254"]);
    expect(await lookup("rebind.example", [], resolve)).toEqual({
      error: null,
      address: "93.184.216.34",
      family: 4,
    });
    expect((await lookup("rebind.example", [], resolve)).error).toMatchObject({
      address: "169.254.169.254",
    });
    expect(resolve.calls).toEqual(["rebind.example", "rebind.example"]);
  });
});
