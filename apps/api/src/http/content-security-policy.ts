// The policy of Herald's own pages (the web UI at /ui, the reference at /docs): everything from
// this origin, nothing from anywhere else (no CDN, no inline script or style).
export function contentSecurityPolicy(frameAncestors: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(" ") : "'none'"}`,
  ].join("; ");
}
