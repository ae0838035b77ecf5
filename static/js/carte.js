/* Carto'Ingé map: communes shaded by the chosen measure, structure seats grouped by commune.
   A tap opens a popup with the figures and the link: the page is never left by accident.
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

  function plural(n, one, many) {
    return n + " " + (n > 1 ? many || one + "s" : one);
  }

  function communePopup(p) {
    var box = document.createElement("div");
    var title = document.createElement("p");
    title.className = "fr-text--bold fr-mb-1v";
    title.textContent = p.nom;
    var figures = document.createElement("p");
    figures.className = "fr-mb-1v";
    figures.textContent = plural(p.n, "offre") + ", dont " + plural(p.propres, "offre propre", "offres propres") + " à son territoire";
    box.appendChild(title);
    box.appendChild(figures);
    box.appendChild(link(p.url, "Voir qui peut accompagner " + p.nom));
    return box;
  }

  function seatPopup(place) {
    var box = document.createElement("div");
    var title = document.createElement("p");
    title.className = "fr-text--bold fr-mb-1v";
    title.textContent = place.commune + " : " + plural(place.structures.length, "structure");
    var list = document.createElement("ul");
    list.className = "map-popup-list";
    place.structures.forEach(function (structure) {
      var item = document.createElement("li");
      item.appendChild(link(structure.url, structure.nom));
      list.appendChild(item);
    });
    box.appendChild(title);
    box.appendChild(list);
    return box;
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
          layer.bindTooltip(p.nom + " : " + plural(p.propres, "offre propre", "offres propres") + ", " + plural(p.n, "offre") + " en tout", { sticky: true });
          layer.bindPopup(communePopup(p));
        },
      }).addTo(map);
      if (data.epci) {
        L.geoJSON(data.epci, { style: { fill: false, color: "#000091", weight: 3, dashArray: "6 4" }, interactive: false }).addTo(map);
      }
      data.structures.forEach(function (place) {
        var label = place.commune + " (" + place.structures.length + ")";
        L.marker([place.lat, place.lon], { title: label, alt: "Sièges à " + label, keyboard: true })
          .bindTooltip(label, { permanent: true, direction: "right", offset: [10, -20], className: "seat-label" })
          .bindPopup(seatPopup(place), { maxHeight: 260 })
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
