// Inside the widget: tells the page that frames it how tall the journey is, so that its
// script (cartoinge-widget.js) sizes the frame; nothing else is sent. Without JavaScript
// the frame keeps the height the snippet gives it, and scrolls.
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "cartoinge:hauteur", height: height }, "*");
    }
  }
  window.addEventListener("load", send);
  if ("ResizeObserver" in window) {
    new ResizeObserver(send).observe(document.body);
  } else {
    window.setInterval(send, 500);
  }
  document.body.addEventListener("htmx:afterSettle", send);
})();
