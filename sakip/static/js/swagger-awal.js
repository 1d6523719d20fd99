/* The API docs page (/api/v1/docs): starts Swagger UI with the settings the page carries in
   data-swagger; a write sent from the page carries the session's CSRF token. */
(function () {
  "use strict";
  var data = document.body.dataset;
  var pengaturan = JSON.parse(data.swagger);
  pengaturan.dom_id = "#swagger-ui";
  pengaturan.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  if (data.csrfToken) {
    pengaturan.requestInterceptor = function (req) {
      req.headers["X-CSRFToken"] = data.csrfToken;
      return req;
    };
  }
  window.ui = SwaggerUIBundle(pengaturan);
})();
