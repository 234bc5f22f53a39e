// wijkstem: small enhancements only. Every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen-reader users hear what went wrong.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
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
  function siteMenu() {
    var menu = document.querySelector("[data-site-menu]");
    if (!menu || !window.matchMedia) { return; }
    var wide = window.matchMedia("(min-width: 48em)");
    function sync() { if (wide.matches) { menu.open = true; } }
    sync();
    if (wide.addEventListener) { wide.addEventListener("change", sync); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    siteMenu();
    focusErrorSummary();
    conditionalFields();
  });
})();
