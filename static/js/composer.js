// Composer enhancements: tabs, live character counters, header-dependent fields.
// The page works without this file: every panel and field is shown, and the server checks limits.
(function () {
  document.documentElement.classList.add("js");

  function characters(value) {
    return Array.from(value || "").length; // code points, as the server counts them
  }

  // "12 / 20" under every field with data-limit; red once past the limit.
  function attachCounter(input) {
    if (input.dataset.counterReady) return;
    input.dataset.counterReady = "1";
    var limit = parseInt(input.dataset.limit, 10);
    var note = document.createElement("span");
    note.className = "counter-note counter";
    note.setAttribute("aria-hidden", "true");
    input.insertAdjacentElement("afterend", note);
    function update() {
      var used = characters(input.value);
      note.textContent = used + " / " + limit;
      note.classList.toggle("over", used > limit);
    }
    input.addEventListener("input", update);
    update();
  }

  // Fields marked data-show-for="header_type:image,video" show only for those header types.
  function applyShowFor(root) {
    root.querySelectorAll("[data-show-for]").forEach(function (box) {
      var spec = box.dataset.showFor.split(":");
      var control = document.querySelector("[name='" + spec[0] + "']");
      if (!control) return;
      var wanted = spec[1].split(",");
      box.hidden = wanted.indexOf(control.value) === -1;
    });
  }

  function tabs(root) {
    root.querySelectorAll("[role=tablist]").forEach(function (list) {
      var buttons = list.querySelectorAll("[role=tab]");
      function select(chosen) {
        buttons.forEach(function (button) {
          var on = button === chosen;
          button.setAttribute("aria-selected", on ? "true" : "false");
          button.tabIndex = on ? 0 : -1;
          var panel = document.getElementById(button.getAttribute("aria-controls"));
          if (panel) panel.hidden = !on;
        });
      }
      buttons.forEach(function (button, index) {
        button.addEventListener("click", function () { select(button); });
        button.addEventListener("keydown", function (event) {
          var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
          if (!step) return;
          var next = buttons[(index + step + buttons.length) % buttons.length];
          select(next);
          next.focus();
        });
      });
      var current = list.querySelector("[aria-selected=true]") || buttons[0];
      if (current) select(current);
    });
  }

  // The customer's view: a class on the preview, so switching needs no round trip; remembered.
  var CUSTOMER_VIEW_KEY = "composer.customerView";
  function customerView() {
    var box = document.getElementById("customer-view");
    var preview = document.getElementById("phone-preview");
    if (!box || !preview) return;
    var stored = null;
    try { stored = window.localStorage.getItem(CUSTOMER_VIEW_KEY); } catch (e) { /* storage off */ }
    if (stored !== null && !box.defaultChecked) box.checked = stored === "1";
    preview.classList.toggle("wa-customer-view", box.checked);
    box.addEventListener("change", function () {
      preview.classList.toggle("wa-customer-view", box.checked);
      try { window.localStorage.setItem(CUSTOMER_VIEW_KEY, box.checked ? "1" : "0"); } catch (e) { /* storage off */ }
    });
  }

  function enhance(root) {
    root.querySelectorAll("[data-limit]").forEach(attachCounter);
    applyShowFor(document);
  }

  document.addEventListener("DOMContentLoaded", function () {
    tabs(document);
    customerView();
    enhance(document);
    document.body.addEventListener("change", function (event) {
      if (event.target.name === "header_type") applyShowFor(document);
    });
    // Fragments swapped in by htmx (rows added, template parameters) get the same treatment.
    document.body.addEventListener("htmx:load", function (event) { enhance(event.target); });
  });
})();
