// The script that starts Swagger UI on /docs, served as a file of its own (/docs/init.js): the
// page's Content-Security-Policy allows no inline script. `servers` are the document's server
// URLs; try-it calls to them go to the API that served the page instead (PUBLIC_URL, or the
// default http://localhost:PORT, may name another host than the one the browser reached, and
// the policy lets the page talk to its own origin only).
export function swaggerUiInit(servers: string[]): string {
  return `"use strict";
(function () {
  var servers = ${JSON.stringify(servers.map((url) => url.replace(/\/+$/, "")))};
  // The page is <base>/docs: the API's root is the page's folder.
  var api = new URL(".", window.location.href).href.replace(/\\/+$/, "");
  function toThisApi(url) {
    for (var i = 0; i < servers.length; i++) {
      var server = servers[i];
      var next = url.charAt(server.length);
      if (url.slice(0, server.length) === server && (next === "" || next === "/" || next === "?")) {
        return api + url.slice(server.length);
      }
    }
    return url;
  }
  window.ui = SwaggerUIBundle({
    url: api + "/openapi.json",
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
      request.url = toThisApi(request.url);
      return request;
    }
  });
})();
`;
}
