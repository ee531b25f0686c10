// What axe leaves out, checked on every page: it passes aria-describedby when one id of several
// resolves, and it skips placeholders altogether. Returns one line per finding.
() => {
  const found = [];
  const references = ["aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage"];
  for (const attr of references) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\s+/).filter(Boolean)) {
        if (document.getElementById(id)) continue;
        found.push(`${el.id || el.name}: ${attr} names no #${id}`);
      }
    }
  }
  const rgba = (value) => {
    const parts = value.match(/[\d.]+/g).map(Number);
    const [r, g, b] = value.startsWith("color(") ? parts.map((n) => n * 255) : parts;
    return [r, g, b, parts.length > 3 ? parts[3] : 1];
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const colour = rgba(getComputedStyle(el).backgroundColor);
      if (colour[3] > 0) return colour;
    }
    return [255, 255, 255, 1];
  };
  const luminance = ([r, g, b]) => {
    const linear = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  };
  for (const el of document.querySelectorAll("[placeholder]")) {
    if (!el.checkVisibility() || el.closest(".wa-phone, .wa-sms")) continue;
    const base = background(el);
    const text = rgba(getComputedStyle(el, "::placeholder").color);
    const seen = base.slice(0, 3).map((c, i) => text[i] * text[3] + c * (1 - text[3]));
    const [light, dark] = [luminance(seen), luminance(base)].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < 4.5) found.push(`${el.id || el.name}: placeholder contrast ${ratio.toFixed(2)}:1`);
  }
  return found;
}
