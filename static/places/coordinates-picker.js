/*
 * Coordinate picker: a Leaflet map below a latitude/longitude pair of number inputs (places/widgets.py).
 * The marker shows what the inputs say; clicking the map or dragging the marker writes both inputs;
 * typing in the inputs moves the marker. Without this script the two inputs work on their own.
 */
(function () {
  "use strict";

  var PRECISION = 6; // 6 decimals is about 10 cm: more digits would only be noise.
  var PLACE_ZOOM = 16; // close enough to see the street the marker is in

  function readCoordinate(input, limit) {
    if (!input.value) {
      return null;
    }
    var value = Number(input.value.replace(",", "."));
    return isFinite(value) && Math.abs(value) <= limit ? value : null;
  }

  // The longitude input of the same form, named like the latitude one: "latitude" -> "longitude",
  // "stops-2-latitude" -> "stops-2-longitude" (rows the admin adds are renamed, so this is computed here).
  function findLongitudeInput(latitudeInput) {
    var latitudeField = latitudeInput.dataset.latitudeField;
    var name = latitudeInput.name;
    if (!latitudeInput.form || name.slice(-latitudeField.length) !== latitudeField) {
      return null;
    }
    var longitudeName = name.slice(0, -latitudeField.length) + latitudeInput.dataset.longitudeField;
    var input = latitudeInput.form.elements.namedItem(longitudeName);
    return input instanceof HTMLInputElement ? input : null;
  }

  // Put the map below both inputs whatever the layout (admin rows, DSFR grid, one field per line):
  // right after the part of their nearest common ancestor that holds the longitude input.
  function insertBelowInputs(element, latitudeInput, longitudeInput) {
    var common = latitudeInput.parentElement;
    while (!common.contains(longitudeInput)) {
      common = common.parentElement;
    }
    var branch = longitudeInput;
    while (branch.parentElement !== common) {
      branch = branch.parentElement;
    }
    branch.after(element);
  }

  function buildElements(latitudeInput) {
    var wrapper = document.createElement("div");
    wrapper.className = "coordinates-picker";
    var hint = document.createElement("p");
    hint.className = "coordinates-picker__hint";
    hint.textContent = latitudeInput.dataset.hint;
    var mapElement = document.createElement("div");
    mapElement.className = "coordinates-picker__map";
    mapElement.setAttribute("role", "region");
    mapElement.setAttribute("aria-label", latitudeInput.dataset.mapLabel);
    wrapper.append(hint, mapElement);
    return { wrapper: wrapper, mapElement: mapElement };
  }

  function initPicker(latitudeInput) {
    // Skip the admin's hidden template row ("__prefix__") and inputs already equipped.
    if (latitudeInput.dataset.coordinatesPickerReady || latitudeInput.name.indexOf("__prefix__") !== -1) {
      return;
    }
    var longitudeInput = findLongitudeInput(latitudeInput);
    if (!longitudeInput) {
      return;
    }
    latitudeInput.dataset.coordinatesPickerReady = "1";
    var data = latitudeInput.dataset;
    var elements = buildElements(latitudeInput);
    insertBelowInputs(elements.wrapper, latitudeInput, longitudeInput);

    // No scroll-wheel zoom: in a long form the wheel must keep scrolling the page.
    var map = L.map(elements.mapElement, { scrollWheelZoom: false });
    L.tileLayer(data.tilesUrl, {
      attribution: data.tilesAttribution,
      maxZoom: Number(data.maxZoom),
    }).addTo(map);
    var marker = null;

    function inputsPosition() {
      var latitude = readCoordinate(latitudeInput, 90);
      var longitude = readCoordinate(longitudeInput, 180);
      return latitude === null || longitude === null ? null : L.latLng(latitude, longitude);
    }

    function writeInputs(position) {
      position = position.wrap();
      latitudeInput.value = position.lat.toFixed(PRECISION);
      longitudeInput.value = position.lng.toFixed(PRECISION);
      // Let other scripts (and the admin's "unsaved changes" logic) know the values changed.
      latitudeInput.dispatchEvent(new Event("change", { bubbles: true }));
      longitudeInput.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function showMarker(position) {
      if (position === null) {
        if (marker) {
          marker.remove();
          marker = null;
        }
        return;
      }
      if (marker) {
        marker.setLatLng(position);
        return;
      }
      marker = L.marker(position, { draggable: true, title: data.mapLabel }).addTo(map);
      marker.on("dragend", function () {
        writeInputs(marker.getLatLng());
      });
    }

    map.on("click", function (event) {
      showMarker(event.latlng);
      writeInputs(event.latlng);
    });

    function onInputsEdited() {
      var position = inputsPosition();
      showMarker(position);
      if (position) {
        map.panTo(position);
      }
    }
    latitudeInput.addEventListener("input", onInputsEdited);
    longitudeInput.addEventListener("input", onInputsEdited);

    var start = inputsPosition();
    if (start) {
      map.setView(start, PLACE_ZOOM);
    } else {
      map.setView(data.defaultCenter.split(",").map(Number), Number(data.defaultZoom));
    }
    showMarker(start);

    // A map created while hidden (collapsed fieldset, tab) has no size: redraw it when it gets one.
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        map.invalidateSize();
      }).observe(elements.mapElement);
    }
  }

  function initAll(root) {
    if (typeof L === "undefined") {
      return; // Leaflet did not load: the plain inputs still work.
    }
    root.querySelectorAll("input[data-coordinates-picker]").forEach(initPicker);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      initAll(document);
    });
  } else {
    initAll(document);
  }
  // Rows added to an admin inline formset ("Ajouter un autre arrêt").
  document.addEventListener("formset:added", function (event) {
    initAll(event.target);
  });
})();
