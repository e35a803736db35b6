export {
  generateSecret,
  SECRET_PREFIX,
  type SignatureHeaders,
  type SignInput,
  signatureHeaders,
  Webhook,
  WebhookVerificationError,
} from "./sign.js";
