// The script that starts Swagger UI on /docs, served as a file of its own (/docs/init.js): the
// page's Content-Security-Policy allows no inline script. `servers` are the document's server
// URLs; try-it calls to their hosts go to the host that served the page instead (PUBLIC_URL, or
// the default http://localhost:PORT, may name another host than the one the browser reached, and
// the policy lets the page talk to its own origin only).
export function swaggerUiInit(servers: string[]): string {
  const origins = [...new Set(servers.flatMap((url) => (URL.canParse(url) ? [new URL(url).origin] : [])))];
  return `"use strict";
(function () {
  var serverOrigins = ${JSON.stringify(origins)};
  function toThisHost(url) {
    var target = new URL(url, window.location.href);
    if (serverOrigins.indexOf(target.origin) === -1) return url;
    return window.location.origin + target.pathname + target.search;
  }
  window.ui = SwaggerUIBundle({
    // Relative to the page (<root>/docs), so it also works behind a proxy that adds a path.
    url: new URL("openapi.json", window.location.href).href,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    docExpansion: "list",
    displayOperationId: true,
    displayRequestDuration: true,
    tryItOutEnabled: true,
    // The key lives in this page only: never written to localStorage.
    persistAuthorization: false,
    // The default validator is a badge loaded from swagger.io.
    validatorUrl: null,
    requestInterceptor: function (request) {
      request.url = toThisHost(request.url);
      return request;
    }
  });
})();
`;
}
