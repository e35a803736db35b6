import rootPackage from "../../../package.json" with { type: "json" };

export const HERALD_VERSION: string = rootPackage.version;
// Sent with every delivery.
export const USER_AGENT = `Herald/${HERALD_VERSION}`;
