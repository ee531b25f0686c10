// Small progressive enhancements; every page works without this file.
(function () {
  // The toggle says which theme a press switches to; its visible text is its accessible name.
  function syncToggle(button) {
    var dark = document.documentElement.dataset.theme === "dark";
    var label = button.querySelector(".theme-toggle-label");
    if (label) label.textContent = dark ? "Light mode" : "Dark mode";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("theme-toggle");
    if (toggle) {
      syncToggle(toggle);
      toggle.addEventListener("click", function () {
        var next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
        document.documentElement.dataset.theme = next;
        try { localStorage.setItem("theme", next); } catch (e) {}
        syncToggle(toggle);
      });
    }
    // Copy buttons: <button data-copy-target="#id">
    document.body.addEventListener("click", function (event) {
      var button = event.target.closest("[data-copy-target]");
      if (!button) return;
      var source = document.querySelector(button.getAttribute("data-copy-target"));
      if (!source) return;
      var text = source.innerText;
      var done = function () {
        var old = button.textContent;
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = old; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done);
      } else {
        var area = document.createElement("textarea");
        area.value = text; document.body.appendChild(area); area.select();
        try { document.execCommand("copy"); done(); } finally { area.remove(); }
      }
    });
  });
})();
