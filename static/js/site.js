/* Every page's script, small and optional (each page works without it):
   - textareas with a limit (data-maxlength): near it, the hint under the field counts the
     characters, and says by how much to shorten past it. The browser never cuts a pasted
     text: the server refuses it with the same words, and gives it back whole;
   - on paper, the disclosures (details.disclosure) are printed open. */
(function () {
  "use strict";
  var format = new Intl.NumberFormat("fr-FR");
  function update(field) {
    var hint = document.getElementById(field.id + "-compteur");
    var max = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!hint || !max) return;
    var length = field.value.trim().length; // as the server counts: ends trimmed
    if (length < max * 0.8) {
      hint.textContent = format.format(max) + " caractères au plus.";
      hint.classList.remove("fr-error-text");
      hint.removeAttribute("aria-live");
      return;
    }
    hint.setAttribute("aria-live", "polite");
    if (length <= max) {
      hint.textContent = format.format(length) + " caractères sur " + format.format(max) + ".";
      hint.classList.remove("fr-error-text");
    } else {
      hint.textContent = format.format(length) + " caractères sur " + format.format(max) +
        " : raccourcissez de " + format.format(length - max) + " caractères.";
      hint.classList.add("fr-error-text");
    }
  }
  function start(root) {
    root.querySelectorAll("textarea[data-maxlength]").forEach(function (field) {
      if (field.dataset.counted) return;
      field.dataset.counted = "1";
      field.addEventListener("input", function () { update(field); });
      update(field);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { start(document); });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.disclosure").forEach(function (d) { d.open = true; });
  });
  document.addEventListener("htmx:afterSettle", function (event) { start(event.target); });
})();
