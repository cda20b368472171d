// Loads the map of a page that shows one (#results-map): django-leaflet's Leaflet, then results-map.js, once the
// page has loaded. Leaflet is ≈ 46 KB gzipped: on a slow link the list, its styles and its fonts come first, and
// pages without a map never ask for it (docs/performance.md, "Light on slow links"). The files' URLs come from
// the container's data- attributes (places_tags.map_attributes), as collectstatic names them.
(function () {
  "use strict";

  var element = document.getElementById("results-map");
  if (!element || !element.dataset.leafletJs) return;
  var data = element.dataset;

  function script(src, then) {
    var tag = document.createElement("script");
    tag.src = src;
    tag.onload = then;
    document.head.appendChild(tag);
  }

  function load() {
    var waiting = 2; // Leaflet's style sheet and script, asked for together
    function ready() {
      waiting -= 1;
      if (waiting === 0) script(data.mapScript);
    }
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = data.leafletCss;
    style.onload = ready;
    document.head.appendChild(style);
    script(data.leafletJs, ready);
  }

  if (document.readyState === "complete") load();
  else window.addEventListener("load", load);
})();
