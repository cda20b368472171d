// Search helpers, on top of a page that works without them: commune suggestions in a <datalist>,
// "Autour de moi" (browser geolocation) and the print button.
(function () {
  "use strict";

  // The words shown, in the page's language (places/templatetags/script_texts.py).
  function text(key, fallback) {
    var element = document.getElementById("script-texts");
    return (element && JSON.parse(element.textContent)[key]) || fallback;
  }

  var input = document.getElementById("id_ou");
  var list = document.getElementById("communes-suggestions");
  if (input && list && input.dataset.autocompleteUrl) {
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
            data.results.forEach(function (commune) {
              var option = document.createElement("option");
              option.value = commune.label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a comfort: typing still works */ });
      }, 200);
    });
  }

  var aroundMe = document.getElementById("around-me");
  if (aroundMe && "geolocation" in navigator) {
    aroundMe.hidden = false;
    aroundMe.addEventListener("click", function () {
      var error = document.getElementById("around-me-error");
      aroundMe.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var form = aroundMe.form;
          form.querySelector("[name=lat]").value = position.coords.latitude.toFixed(5);
          form.querySelector("[name=lon]").value = position.coords.longitude.toFixed(5);
          if (input) { input.required = false; input.value = ""; }
          form.submit();
        },
        function () {
          aroundMe.disabled = false;
          if (error) {
            error.textContent = text("around_me_error", "Nous n'avons pas pu obtenir votre position. Indiquez votre commune ou votre code postal.");
            error.hidden = false;
          }
        },
        { timeout: 10000, maximumAge: 600000 }
      );
    });
  }

  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
