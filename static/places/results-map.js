// The map of a page's places, on top of a page that works without it (the map stays hidden without script).
// #results-map carries the tiles (data-tiles-url, data-tiles-attribution) and, on the results page, the clusters
// endpoint (data-clusters-url) and the search (data-query); #map-points holds the page's places (json_script).
// Results page: every matching place in view comes as clusters, redrawn after each move; the page's own places
// stay on top as markers so that list and map agree; "Rechercher dans cette zone" lists the places in view.
(function () {
  "use strict";

  // The words shown, in the page's language (places/templatetags/script_texts.py).
  function text(key, fallback) {
    var element = document.getElementById("script-texts");
    return (element && JSON.parse(element.textContent)[key]) || fallback;
  }

  var element = document.getElementById("results-map");
  if (!element || typeof L === "undefined") return;

  var FRANCE = L.latLngBounds([41.3, -5.2], [51.1, 9.6]);
  var PLACE_ZOOM = 15; // a single place: close enough to see its street
  var DEBOUNCE_MS = 250; // wait for the map to settle before asking for clusters
  var DECIMALS = 5; // about 1 m, as the server rounds
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var data = element.dataset;
  var maxZoom = Number(data.maxZoom) || 18;

  // Leaflet finds its marker images from its style sheet's URL, which collectstatic's hashed names break (it then
  // asks for marker-icon.png beside the page: 404): the page gives their URLs.
  if (data.markerIcon) {
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: data.markerIcon,
      iconRetinaUrl: data.markerIcon2x,
      shadowUrl: data.markerShadow,
    });
  }

  var pointsScript = document.getElementById("map-points");
  var points = (pointsScript ? JSON.parse(pointsScript.textContent) : []).filter(function (point) {
    return point.lat !== null && point.lon !== null;
  });

  element.hidden = false;
  var map = L.map(element, {
    minZoom: Number(data.minZoom) || 3,
    maxZoom: maxZoom,
    zoomAnimation: !reducedMotion,
    fadeAnimation: !reducedMotion,
    markerZoomAnimation: !reducedMotion,
    inertia: !reducedMotion,
    zoomControl: false,
  });
  // Leaflet's own control speaks English: the page is French.
  L.control.zoom({ zoomInTitle: text("zoom_in", "Zoomer"), zoomOutTitle: text("zoom_out", "Dézoomer") }).addTo(map);
  L.tileLayer(data.tilesUrl || "https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    attribution: data.tilesAttribution || "© contributeurs OpenStreetMap",
    maxZoom: maxZoom,
  }).addTo(map);

  // --- The page's places -----------------------------------------------------------------------------------

  // A link built from DOM nodes: a place's name is text, never HTML.
  function popupLink(name, url) {
    var link = document.createElement("a");
    link.href = url;
    link.textContent = name;
    return link;
  }

  var pageIds = {};
  var markersByUrl = {};
  points.forEach(function (point) {
    pageIds[point.id] = true;
    var marker = L.marker([point.lat, point.lon], { title: point.name, alt: point.name, zIndexOffset: 1000 });
    marker.bindPopup(popupLink(point.name, point.url)).addTo(map);
    (markersByUrl[point.url] = markersByUrl[point.url] || []).push(marker);
  });

  if (points.length === 1) {
    map.setView([points[0].lat, points[0].lon], PLACE_ZOOM);
  } else if (points.length) {
    map.fitBounds(L.latLngBounds(points.map(function (point) { return [point.lat, point.lon]; })), { padding: [24, 24], maxZoom: PLACE_ZOOM });
  } else {
    map.fitBounds(FRANCE);
  }

  // Hovering or focusing a result card brings its marker(s) forward and marks them.
  document.querySelectorAll(".place-results > li").forEach(function (item) {
    var link = item.querySelector("a[href]");
    var markers = link && markersByUrl[link.getAttribute("href")];
    if (!markers) return;
    function highlight(on) {
      markers.forEach(function (marker) {
        marker.setZIndexOffset(on ? 2000 : 1000);
        var icon = marker.getElement();
        if (icon) icon.classList.toggle("results-map__marker--active", on);
      });
    }
    item.addEventListener("mouseenter", function () { highlight(true); });
    item.addEventListener("mouseleave", function () { highlight(false); });
    item.addEventListener("focusin", function () { highlight(true); });
    item.addEventListener("focusout", function () { highlight(false); });
  });

  if (!data.clustersUrl) return;

  // --- Clusters of every matching place in view (results page) ---------------------------------------------

  function searchParams() {
    var params = new URLSearchParams(data.query || "");
    params.delete("page");
    params.delete("bbox");
    return params;
  }

  // Leaflet's bounds go past ±180° when the world repeats: the server wants a real area.
  function visibleBbox() {
    var bounds = map.getBounds();
    var south = Math.max(-90, bounds.getSouth());
    var west = Math.max(-180, bounds.getWest());
    var north = Math.min(90, bounds.getNorth());
    var east = Math.min(180, bounds.getEast());
    return [south, west, north, east].map(function (value) { return value.toFixed(DECIMALS); }).join(",");
  }

  var clusterLayer = L.layerGroup().addTo(map);

  function clusterIcon(count) {
    var label = document.createElement("span");
    label.textContent = count < 1000 ? String(count) : Math.round(count / 1000) + " k";
    var size = count < 10 ? 28 : count < 100 ? 34 : count < 1000 ? 40 : 46;
    return L.divIcon({ className: "results-map__cluster", html: label, iconSize: [size, size] });
  }

  function drawFeature(feature) {
    var properties = feature.properties;
    var latLng = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
    if (properties.count === 1) {
      if (pageIds[properties.id]) return; // the page's marker is already there
      var dot = L.marker(latLng, {
        icon: L.divIcon({ className: "results-map__dot", iconSize: [14, 14] }),
        title: properties.name || "",
      });
      if (properties.url) dot.bindPopup(popupLink(properties.name, properties.url));
      return clusterLayer.addLayer(dot);
    }
    var label = text("places", "%s lieux").replace("%s", properties.count.toLocaleString(document.documentElement.lang || "fr"));
    var cluster = L.marker(latLng, { icon: clusterIcon(properties.count), title: label });
    cluster.on("add", function () { cluster.getElement().setAttribute("aria-label", text("zoom_here", "%s : zoomer ici").replace("%s", label)); });
    function zoomIn() { map.setView(latLng, Math.min(map.getZoom() + 2, maxZoom), { animate: !reducedMotion }); }
    cluster.on("click", zoomIn);
    // Leaflet gives a marker role="button" but turns Enter into a click only for popups.
    cluster.on("keypress", function (event) {
      if (event.originalEvent.key === "Enter" || event.originalEvent.key === " ") {
        event.originalEvent.preventDefault();
        zoomIn();
      }
    });
    clusterLayer.addLayer(cluster);
  }

  var timer = null;
  var pending = null;
  function loadClusters() {
    if (pending) pending.abort(); // an answer for a view the map has left would be drawn over the current one
    pending = new AbortController();
    var params = searchParams();
    params.set("bbox", visibleBbox());
    params.set("zoom", String(map.getZoom()));
    fetch(data.clustersUrl + "?" + params.toString(), { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (collection) {
        if (!collection) return;
        clusterLayer.clearLayers();
        collection.features.forEach(drawFeature);
      })
      .catch(function (error) {
        if (error.name !== "AbortError") clusterLayer.clearLayers(); // the page's markers still show
      });
  }

  // "Rechercher dans cette zone": the same search, limited to what the map shows, from its first page.
  var AreaSearch = L.Control.extend({
    options: { position: "topright" },
    onAdd: function () {
      var button = L.DomUtil.create("button", "fr-btn fr-btn--sm results-map__search");
      button.type = "button";
      button.textContent = text("search_here", "Rechercher dans cette zone");
      L.DomEvent.disableClickPropagation(button);
      L.DomEvent.on(button, "click", function () {
        var params = searchParams();
        params.set("bbox", visibleBbox());
        window.location.assign(window.location.pathname + "?" + params.toString());
      });
      return button;
    },
  });
  new AreaSearch().addTo(map);

  map.on("moveend", function () {
    clearTimeout(timer);
    timer = setTimeout(loadClusters, DEBOUNCE_MS);
  });
  loadClusters();
})();
