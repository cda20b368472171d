// Commune suggestions on a structure's form, on top of a field that works without them: the server finds the
// commune from the text typed (name and postcode, or INSEE code) and lists homonyms to choose from. Suggestions
// ("Montluçon (03)") are read back by the server as a name and its département.
(function () {
  "use strict";

  document.querySelectorAll("input[data-autocomplete-url][list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) return;
      timer = setTimeout(function () {
        fetch(input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.results || []).forEach(function (commune) {
              var option = document.createElement("option");
              option.value = commune.label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a comfort: typing still works */ });
      }, 200);
    });
  });
})();
