// The product picker (composer/forms/picker.py): the ARIA 1.2 combobox pattern with a listbox
// popup. Typing searches the catalog (catalog:product-search answers with <li role=option>s,
// escaped by the server); arrow keys move through the options, Enter picks, Escape closes.
// Without this file the input is a plain text field for a retailer id.
(function () {
  var DELAY = 150; // ms after the last keystroke: one request per pause, not per key

  function listboxOf(input) { return document.getElementById(input.getAttribute("aria-controls")); }
  function optionsOf(input) {
    var listbox = listboxOf(input);
    return listbox ? Array.prototype.slice.call(listbox.querySelectorAll("[role=option]")) : [];
  }
  function isOpen(input) { return input.getAttribute("aria-expanded") === "true"; }
  function catalogOf(input) {
    var name = input.dataset.pickerCatalog;
    return input.form && name ? input.form.elements.namedItem(name) : null;
  }
  function say(input, text) {
    var status = input.closest(".picker").querySelector(".picker-status");
    if (status) status.textContent = text;
  }

  function close(input) {
    var listbox = listboxOf(input);
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    if (listbox) listbox.hidden = true;
  }

  function activate(input, index) {
    var options = optionsOf(input);
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (!options[index]) { input.removeAttribute("aria-activedescendant"); return; }
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  }

  function activeIndex(input) {
    var id = input.getAttribute("aria-activedescendant");
    return optionsOf(input).findIndex(function (option) { return option.id === id; });
  }

  function search(input, then) {
    var listbox = listboxOf(input);
    var catalog = catalogOf(input);
    var url = new URL(input.dataset.picker, window.location.href);
    url.searchParams.set("q", input.value);
    if (catalog && catalog.value) url.searchParams.set("catalog", catalog.value);
    var serial = (input.pickerSerial || 0) + 1;
    input.pickerSerial = serial;
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        if (input.pickerSerial !== serial || !listbox) return; // a newer search is on its way
        listbox.innerHTML = html;
        var options = optionsOf(input);
        options.forEach(function (option, i) { option.id = listbox.id + "-" + i; });
        var open = options.length > 0 && document.activeElement === input;
        listbox.hidden = !open;
        input.setAttribute("aria-expanded", open ? "true" : "false");
        input.removeAttribute("aria-activedescendant");
        var n = options.length;
        say(input, n ? n + (n === 1 ? " product" : " products") + " found" : "No product matches");
        if (then && open) then(options);
      })
      .catch(function () { close(input); });
  }

  function pick(input, option) {
    input.value = option.dataset.value;
    var catalog = catalogOf(input);
    if (catalog && !catalog.value && option.dataset.catalog) {
      catalog.value = option.dataset.catalog;
    }
    close(input);
    say(input, option.dataset.name + " picked");
    // The composer redraws its preview on change (not on input: that would search again).
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function move(input, step) {
    var options = optionsOf(input);
    if (!isOpen(input) || !options.length) {
      search(input, function (found) { activate(input, step > 0 ? 0 : found.length - 1); });
      return;
    }
    var index = activeIndex(input);
    var next = index < 0 ? (step > 0 ? 0 : options.length - 1)
      : (index + step + options.length) % options.length;
    activate(input, next);
  }

  function pickerInput(target) {
    return target && target.matches && target.matches("input[data-picker]") ? target : null;
  }

  document.addEventListener("input", function (event) {
    var input = pickerInput(event.target);
    if (!input) return;
    clearTimeout(input.pickerTimer);
    input.pickerTimer = setTimeout(function () { search(input); }, DELAY);
  });

  document.addEventListener("keydown", function (event) {
    var input = pickerInput(event.target);
    if (!input) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(input, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && isOpen(input)) {
      var option = optionsOf(input)[activeIndex(input)];
      event.preventDefault(); // Enter in an open picker never submits the form
      if (option) pick(input, option); else close(input);
    } else if (event.key === "Escape" && isOpen(input)) {
      event.preventDefault();
      close(input);
    }
  });

  document.addEventListener("focusout", function (event) {
    var input = pickerInput(event.target);
    if (input) close(input);
  });

  // Pressing an option must not take the focus from the input (that would close the popup).
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest(".picker-listbox")) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest(".picker-listbox [role=option]");
    if (!option) return;
    var input = document.querySelector("[aria-controls='" + option.parentElement.id + "']");
    if (input) pick(input, option);
  });
})();
