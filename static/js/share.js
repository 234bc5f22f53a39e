// Share panel: the copy button. Without this file the link sits in a readonly field to select.
(function () {
  "use strict";
  if (window.wijkstemShareLoaded) { return; }
  window.wijkstemShareLoaded = true;

  function canWebShare() {
    // The share sheet is a phone's way of sharing; on desktops copying the link is clearer.
    return typeof navigator.share === "function" && window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  }

  function copyWithSelection(input) {
    input.focus();
    input.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  function setUp(panel) {
    var button = panel.querySelector("[data-share-copy]");
    var input = panel.querySelector("[data-share-url]");
    var status = panel.querySelector("[data-share-status]");
    if (!button || !input || !status) { return; }
    var useShareSheet = canWebShare();
    if (useShareSheet) { button.textContent = button.getAttribute("data-label-share"); }
    button.hidden = false;

    function say(attribute) { status.textContent = button.getAttribute(attribute); }

    button.addEventListener("click", function () {
      status.textContent = "";
      if (useShareSheet) {
        navigator.share({
          title: button.getAttribute("data-share-title"),
          text: button.getAttribute("data-share-text"),
          url: input.value
        }).catch(function () { /* closing the share sheet is not an error */ });
        return;
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(
          function () { say("data-label-copied"); },
          function () { say(copyWithSelection(input) ? "data-label-copied" : "data-label-failed"); }
        );
      } else {
        say(copyWithSelection(input) ? "data-label-copied" : "data-label-failed");
      }
    });
    input.addEventListener("focus", function () { input.select(); });
  }

  function init() { document.querySelectorAll("[data-share-panel]").forEach(setUp); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
