// On a partner's page: sizes each Carto'Ingé frame (iframe[data-cartoinge]) to its content,
// from the height the frame announces by postMessage. Only messages from the frame's own
// window and origin are read, and only a height.
(function () {
  "use strict";
  var MIN = 300;
  var MAX = 20000;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "cartoinge:hauteur" || typeof data.height !== "number") {
      return;
    }
    var frames = document.querySelectorAll("iframe[data-cartoinge]");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) {
        continue;
      }
      if (new URL(frame.src, window.location.href).origin !== event.origin) {
        return;
      }
      var height = Math.min(MAX, Math.max(MIN, Math.round(data.height)));
      frame.style.height = height + "px";
      frame.setAttribute("scrolling", "no");
    }
  });
})();
