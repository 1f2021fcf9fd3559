"use strict";
// Swagger UI's start-up, a file of its own so that the docs page needs no inline script and the
// gateway's Content-Security-Policy keeps `script-src 'self'`. The page names its document in
// `data-openapi-url` (shared/web/docs.py).
(function () {
  const container = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: container.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    // The default sends the document to an outside validator for a badge: nothing leaves here.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
  });
})();
