// wijkstem: endorse, comment, reply, helpful and report without a full page reload.
// Without this file every form still posts and redirects. With it, the form is sent with fetch,
// the server's own page comes back, and only the region ([data-fragment]) around the form is
// replaced. Focus moves to that region and the flash message is read out via aria-live.
(function () {
  "use strict";

  function csrfToken(form) {
    var field = form.querySelector('input[name="csrf_token"]');
    return field ? field.value : "";
  }

  function announce(doc) {
    var live = document.querySelector("[data-live-region]");
    var messages = doc.querySelectorAll(".flashes .alert");
    if (!live) { return; }
    live.textContent = "";
    var text = Array.prototype.map.call(messages, function (m) { return m.textContent.trim(); }).join(" ");
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  // Counts outside the region (e.g. the comments per point) follow the fresh page too.
  function refreshOutside(doc) {
    document.querySelectorAll("[data-refresh][id]").forEach(function (old) {
      var fresh = doc.getElementById(old.id);
      if (fresh) { old.replaceWith(document.importNode(fresh, true)); }
    });
  }

  function commentIds(region) {
    return Array.prototype.map.call(region.querySelectorAll(".comment[id^='reactie-']"), function (a) { return a.id; });
  }

  // Focus goes to what changed: the error summary, else the comment just posted (fetch drops the
  // redirect's #fragment, so it is found by comparing ids), else the comment acted on, else the heading.
  function focusAfter(region, before, ownId) {
    var added = commentIds(region).filter(function (id) { return before.indexOf(id) === -1; });
    var target = region.querySelector("[data-error-summary]") ||
      (added.length && document.getElementById(added[0])) ||
      (ownId && document.getElementById(ownId)) ||
      region.querySelector("h2[tabindex]") || region;
    target.focus();
  }

  function isLoginPage(url) {
    var login = document.querySelector("[data-login-path]");
    var path = login ? login.getAttribute("data-login-path") : "/account/inloggen";
    try { return new URL(url, window.location.href).pathname === path; } catch (e) { return false; }
  }

  function submit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-enhance]")) { return; }
    var region = form.closest("[data-fragment]");
    if (!region || !window.fetch || !window.DOMParser) { return; }
    event.preventDefault();
    var button = form.querySelector('[type="submit"]');
    if (button) { button.disabled = true; }  // a double click sends one request
    var before = commentIds(region);
    var own = form.closest(".comment[id^='reactie-']");
    var body = new FormData(form);
    // "Bekijk je tekst" posts the same form: the server has to know which button was pressed.
    if (event.submitter && event.submitter.name) { body.append(event.submitter.name, event.submitter.value); }
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form), "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.text().then(function (html) { return { response: response, html: html }; });
    }).then(function (result) {
      var doc = new DOMParser().parseFromString(result.html, "text/html");
      var fresh = doc.getElementById(region.id);
      if (!fresh && result.response.redirected && isLoginPage(result.response.url)) {
        // Logged out meanwhile: the background request used up the "log in to ..." message, so send
        // the form the normal way; the browser then shows the login page with that message.
        HTMLFormElement.prototype.submit.call(form);
        return;
      }
      if (!fresh) {
        // Done, but elsewhere: go there. Not done (the 429 page): post normally.
        if (result.response.redirected) { window.location.assign(result.response.url); }
        else { HTMLFormElement.prototype.submit.call(form); }
        return;
      }
      region.replaceWith(fresh);
      refreshOutside(doc);
      if (window.wijkstem) { window.wijkstem.bindCounters(fresh); }
      if (doc.title) { document.title = doc.title; }  // "Fout: ..." comes and goes with the error summary
      announce(doc);
      focusAfter(fresh, before, own && own.id);
    }).catch(function () {
      HTMLFormElement.prototype.submit.call(form);
    });
  }

  document.addEventListener("submit", submit);
})();
