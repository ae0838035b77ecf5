/* Carto'Ingé map: communes shaded by number of offers, structure seats as markers.
   Progressive enhancement: the same information is in the table linked from the page. */
(function () {
  "use strict";
  var element = document.getElementById("carte");
  if (!element || !window.L || !window.fetch) return;
  var COLORS = ["#ffffff", "#e3e3fd", "#a1a1f8", "#6a6af4", "#000091"];
  var map = L.map(element, { zoomSnap: 0.25, scrollWheelZoom: false });
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {
      maxZoom: 18,
      attribution: "Fond : Plan IGN (Géoplateforme)",
    }).addTo(map);
  }
  map.attributionControl.addAttribution("Contours : IGN – ADMIN EXPRESS COG 2024");

  function link(url, text) {
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.textContent = text;
    return anchor;
  }

  fetch(element.dataset.url, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (data) {
      var communes = L.geoJSON(data.communes, {
        style: function (feature) {
          var selected = feature.properties.code === data.selected;
          return {
            fillColor: COLORS[feature.properties.classe],
            fillOpacity: 0.85,
            color: selected ? "#e1000f" : "#666666",
            weight: selected ? 3 : 0.5,
          };
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          layer.bindTooltip(p.nom + " : " + p.n + " offre" + (p.n > 1 ? "s" : ""), { sticky: true });
          layer.on("click", function () { window.location.href = p.url; });
        },
      }).addTo(map);
      if (data.epci) {
        L.geoJSON(data.epci, { style: { fill: false, color: "#000091", weight: 3, dashArray: "6 4" }, interactive: false }).addTo(map);
      }
      data.structures.forEach(function (structure) {
        L.marker([structure.lat, structure.lon], { title: structure.nom, alt: structure.nom, keyboard: true })
          .bindPopup(link(structure.url, structure.nom))
          .addTo(map);
      });
      map.fitBounds(communes.getBounds(), { padding: [8, 8] });
      element.setAttribute("data-ready", "true");
    })
    .catch(function () {
      var message = document.createElement("p");
      message.className = "fr-p-2w";
      message.textContent = "La carte n'a pas pu être chargée. Les mêmes informations sont dans le tableau.";
      element.appendChild(message);
    });
})();
