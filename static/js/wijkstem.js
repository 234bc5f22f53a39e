// wijkstem: small enhancements only. Every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen-reader users hear what went wrong (its autofocus
  // attribute does this without JavaScript in most browsers; this covers the rest).
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && document.activeElement !== summary) { summary.focus(); }
  }

  // A link in the error summary puts the cursor in its field, with the field's label in view
  // (a plain #fragment link only scrolls). Radios and checkboxes: the first option of the group.
  function errorSummaryLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("[data-focus-field]") : null;
      if (!link) { return; }
      var target = document.getElementById(link.getAttribute("data-focus-field"));
      if (!target) { return; }
      var control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      if (!control) { return; }
      event.preventDefault();
      var group = control.closest("fieldset");
      var caption = group ? group.querySelector("legend") : document.querySelector('label[for="' + control.id + '"]');
      (caption || control).scrollIntoView();
      control.focus({ preventScroll: true });
    });
  }

  // A live "n of max characters" under every textarea with data-counter.
  function bindCounters(root) {
    root.querySelectorAll("textarea[data-counter]").forEach(function (area) {
      if (area.nextElementSibling && area.nextElementSibling.hasAttribute("data-counter-for")) { return; }
      var max = parseInt(area.getAttribute("data-counter"), 10);
      var note = document.createElement("p");
      note.className = "field__hint utrecht-form-field-description";
      note.setAttribute("data-counter-for", area.id);
      note.setAttribute("aria-hidden", "true");
      // Screen readers hear the count only near and past the limit, not at every keystroke.
      var live = document.createElement("span");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      area.insertAdjacentElement("afterend", note);
      note.insertAdjacentElement("afterend", live);
      var english = document.documentElement.lang === "en";
      var state = "ok";
      function update() {
        var left = max - area.value.length;
        note.textContent = area.value.length + " / " + max;
        var now = left < 0 ? "over" : left <= 20 ? "near" : "ok";
        if (now !== state) {
          state = now;
          if (now === "over") { live.textContent = english ? (-left) + " characters too many" : (-left) + " tekens te veel"; }
          else if (now === "near") { live.textContent = english ? left + " characters left" : "Nog " + left + " tekens over"; }
          else { live.textContent = ""; }
        }
      }
      area.addEventListener("input", update);
      update();
    });
  }


  // Show the 'role' question only for the perspective that needs it.
  function conditionalFields() {
    var groups = document.querySelectorAll("[data-show-when]");
    if (!groups.length) { return; }
    function update() {
      groups.forEach(function (group) {
        var rule = group.getAttribute("data-show-when").split("=");
        var checked = document.querySelector('input[name="' + rule[0] + '"]:checked');
        var invalid = group.querySelector(".field--invalid");
        group.hidden = !invalid && !(checked && checked.value === rule[1]);
      });
    }
    document.querySelectorAll('input[type="radio"]').forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  // Wide screens show the whole menu; browsers that cannot unfold a closed <details> by CSS get it opened here.
  // The same for other <details> that fold away only on phones (data-open-wide: the experiences filters).
  function siteMenu() {
    var folds = document.querySelectorAll("[data-site-menu], [data-open-wide]");
    if (!folds.length || !window.matchMedia) { return; }
    var wide = window.matchMedia("(min-width: 48em)");
    function sync() { if (wide.matches) { folds.forEach(function (fold) { fold.open = true; }); } }
    sync();
    if (wide.addEventListener) { wide.addEventListener("change", sync); }
  }

  window.wijkstem = { bindCounters: bindCounters };

  document.addEventListener("DOMContentLoaded", function () {
    siteMenu();
    focusErrorSummary();
    errorSummaryLinks();
    bindCounters(document);
    conditionalFields();
  });
})();
