// Progressive enhancement of the opening-hours editor (places/hours_widgets.py). Without this file the editor
// works the same: the server copies Monday and decides what is replaced.
// - A rule too rich for the editor: the week is shown only once "replace" is ticked.
// - "Same hours Tuesday to Friday": Monday's times are copied at once and those days are locked while ticked
//   (disabled inputs are not sent; the server copies Monday anyway).
// - Empty ranges after the first empty one of a day are hidden behind an "Ajouter une plage" button.
(function () {
  "use strict";

  var COPIED = ["tu", "we", "th", "fr"];

  function inputsOf(editor, day) {
    var fieldset = editor.querySelector('[data-hours-editor-day="' + day + '"]');
    return fieldset ? Array.prototype.slice.call(fieldset.querySelectorAll("input")) : [];
  }

  function setUpReplace(editor) {
    var box = editor.querySelector("[data-hours-editor-replace]");
    var week = editor.querySelector("[data-hours-editor-week]");
    if (!box || !week) return;
    var update = function () {
      week.hidden = !box.checked;
    };
    box.addEventListener("change", update);
    update();
  }

  function setUpCopy(editor) {
    var box = editor.querySelector("[data-hours-editor-copy-monday]");
    if (!box) return;
    var monday = inputsOf(editor, "mo");
    var update = function () {
      COPIED.forEach(function (day) {
        var inputs = inputsOf(editor, day);
        inputs.forEach(function (input, index) {
          if (box.checked && monday[index]) input.value = monday[index].value;
          input.disabled = box.checked;
        });
        if (box.checked) showFilled(editor, day);
      });
    };
    box.addEventListener("change", update);
    monday.forEach(function (input) {
      input.addEventListener("input", function () {
        if (box.checked) update();
      });
    });
  }

  function isEmpty(range) {
    return Array.prototype.every.call(range.querySelectorAll("input"), function (input) {
      return !input.value;
    });
  }

  // Show every filled range and the first empty one; the button shows one more.
  function showFilled(editor, day) {
    var fieldset = editor.querySelector('[data-hours-editor-day="' + day + '"]');
    var ranges = fieldset.querySelectorAll("[data-hours-editor-range]");
    var emptyShown = false;
    Array.prototype.forEach.call(ranges, function (range) {
      var empty = isEmpty(range);
      range.hidden = empty && emptyShown;
      if (empty) emptyShown = true;
    });
    var button = fieldset.querySelector("[data-hours-editor-add]");
    if (button) {
      button.hidden = !fieldset.querySelector("[data-hours-editor-range][hidden]");
    }
  }

  // The words shown, in the page's language (places/templatetags/script_texts.py).
  function text(key, fallback) {
    var element = document.getElementById("script-texts");
    return (element && JSON.parse(element.textContent)[key]) || fallback;
  }

  function setUpRanges(editor) {
    var fieldsets = editor.querySelectorAll("[data-hours-editor-day]");
    Array.prototype.forEach.call(fieldsets, function (fieldset) {
      var day = fieldset.getAttribute("data-hours-editor-day");
      var legend = fieldset.querySelector("legend").textContent;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fr-btn fr-btn--tertiary fr-btn--sm hours-editor__add";
      button.setAttribute("data-hours-editor-add", "");
      button.textContent = text("add_range", "Ajouter une plage");
      var which = document.createElement("span");
      which.className = "fr-sr-only";
      which.textContent = " (" + legend + ")";
      button.appendChild(which);
      button.addEventListener("click", function () {
        var hidden = fieldset.querySelector("[data-hours-editor-range][hidden]");
        if (!hidden) return;
        hidden.hidden = false;
        hidden.querySelector("input").focus();
        button.hidden = !fieldset.querySelector("[data-hours-editor-range][hidden]");
      });
      var messages = fieldset.querySelector(".fr-messages-group");
      fieldset.insertBefore(button, messages);
      showFilled(editor, day);
    });
  }

  document.querySelectorAll("[data-hours-editor]").forEach(function (editor) {
    setUpRanges(editor);
    setUpReplace(editor);
    setUpCopy(editor);
  });
})();
