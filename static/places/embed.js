// "Copier le code" / "Copier le lien" on /integrer/ (templates/places/embed/configure.html). Without JavaScript
// the buttons stay hidden and the read-only fields are selected and copied by hand. The messages come from the
// page (data-copied, data-failed), translated there.
(function () {
  "use strict";
  var status = document.getElementById("embed-copy-status");
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field || !status) return;
    var say = function (attribute) {
      return function () { status.textContent = button.getAttribute(attribute); };
    };
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(say("data-copied"), say("data-failed"));
      } else {
        var copied = false;
        try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
        say(copied ? "data-copied" : "data-failed")();
      }
    });
  });
})();
