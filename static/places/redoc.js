// Starts Redoc on the API's documentation page (templates/drf_spectacular/redoc.html) from a file, so that the
// page's Content-Security-Policy needs no inline script. This script's nonce goes to Redoc, which puts it on the
// <style> elements its bundle writes: styles need no 'unsafe-inline' either.
(function () {
  "use strict";

  var container = document.getElementById("redoc-container");
  if (!container || typeof Redoc === "undefined") return;
  var options = JSON.parse(container.dataset.settings || "{}");
  options.nonce = document.currentScript.nonce;
  Redoc.init(container.dataset.schemaUrl, options, container);
})();
