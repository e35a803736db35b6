export { type AllowedNetworks, isAddressAllowed, isHostAllowed, parseNetworks } from "./address-policy.js";
