// The fiche d'orientation's "Imprimer" button: shown only when the browser can print from a script; without
// JavaScript the page says how to print from the browser's menu instead.
(function () {
  "use strict";
  var button = document.getElementById("print-fiche");
  if (!button || typeof window.print !== "function") {
    return;
  }
  button.hidden = false;
  var hint = document.getElementById("print-hint");
  if (hint) {
    hint.hidden = true;
  }
  button.addEventListener("click", function () {
    window.print();
  });
})();
