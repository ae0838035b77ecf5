/* Results page: when htmx has put the other results in place of « Voir … autres
   propositions », the focus goes to them, as it would after following the link. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-focus-on-swap]");
    if (target) {
      target.removeAttribute("data-focus-on-swap");
      target.focus();
    }
  });
})();
