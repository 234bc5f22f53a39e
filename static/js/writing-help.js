// wijkstem: the writing help while someone types. Without this file the "Bekijk je tekst" button
// posts the form and the page comes back with the same tips. With it, the tips below the story follow
// the text after each pause in typing (quietly: focus and the text stay where they are). The button
// keeps working as without the script, and also shows similar experiences.
// Nothing is sent anywhere else; the text stays in the form.
(function () {
  "use strict";

  function setUp(box) {
    var source = document.getElementById(box.getAttribute("data-writing-help-source"));
    var form = source && source.form;
    var token = form && form.querySelector('input[name="csrf_token"]');
    if (!source || !token) { return; }
    var timer = null;
    var asked = "";

    function refresh() {
      var text = source.value;
      if (text === asked) { return; }
      asked = text;
      var body = new FormData();
      body.append("csrf_token", token.value);
      body.append("tekst", text);
      fetch(box.getAttribute("data-writing-help-url"), {
        method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      }).then(function (html) {
        box.innerHTML = html;
      }).catch(function () {
        // The tips are a help, not a must: without an answer the form works as before.
        asked = "";
      });
    }

    source.addEventListener("input", function () {
      window.clearTimeout(timer);
      if (source.value.trim().length < 50) { return; }
      timer = window.setTimeout(function () { refresh(); }, 1200);
    });
  }

  document.querySelectorAll("[data-writing-help]").forEach(setUp);
}());
