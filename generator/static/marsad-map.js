/* Marsad map: places and their events from a data file, clustered, filterable.
 *
 * Article text is untrusted: everything from the data file reaches the page through
 * textContent or attribute setters, never through innerHTML.
 * Configuration comes from window.MARSAD (set by the page): map, dataUrl, excerptsUrl, root,
 * words, dir. The places (dataUrl) come first and are all the map needs to show; the events'
 * excerpts (excerptsUrl, most of the bytes) follow once it is shown, and fill the popups.
 * Each event is one happening merged across its sources, with a type, actors and a link to
 * its item on its month page.
 * Deep links: #place=<id> opens that place's popup; #type=<type key> and #actor=<actor id>
 * (with & between) start with those filters set.
 */
(function () {
  "use strict";
  var cfg = window.MARSAD;
  var map = cfg.map;
  var W = cfg.words;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function link(text, href, cls) {
    var a = el("a", cls, text);
    a.href = href;
    a.target = "_top";
    return a;
  }

  /* A metric scale bar with the units in the interface's language. */
  var Scale = L.Control.Scale.extend({
    _updateScale: function (scale, text, ratio) {
      scale.style.width = Math.round(this.options.maxWidth * ratio) + "px";
      scale.textContent = text.replace(/ km$/, " " + W.km).replace(/ m$/, " " + W.m);
    }
  });
  map.addControl(new Scale({ imperial: false, position: "bottomleft" }));

  map.on("popupopen", function () { loadExcerpts(); });
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true });
  window.marsadCluster = cluster;
  map.addLayer(cluster);
  var features = [];
  var markers = {};

  /* Filters: a date range (inclusive ISO strings), a source (outlet), an event type and an
   * actor (indexes into `types` and `actors`; -1: any). */
  var filters = { from: "", to: "", source: "", type: -1, actor: -1 };

  /* Tables of places.geojson: articles [url, title, source], types [key, label, colour,
   * symbol], actors [id, label], subtypes [key, label], pages [month page url]. */
  var articles = [], types = [], actors = [], subtypes = [], pages = [];
  var POPUP_EVENTS = 40; /* the place page lists them all */

  /* An event row: [0 start, 1 end, 2 date label, 3 granularity, 4 lead article, 5 type,
   * 6 [actors], 7 [articles], 8 month page, 9 id, 10 future (0/1), 11 sub-type (-1: none)],
   * and [12] its excerpt once the excerpts have arrived. */
  var EXCERPT = 12;
  function eventMatches(e) {
    if (filters.from && e[1] < filters.from) return false;
    if (filters.to && e[0] > filters.to) return false;
    if (filters.type >= 0 && e[5] !== filters.type) return false;
    if (filters.actor >= 0 && e[6].indexOf(filters.actor) < 0) return false;
    if (filters.source && !e[7].some(function (a) { return articles[a][2] === filters.source; })) return false;
    return true;
  }

  var COLOUR = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/;
  function typeColour(t) { var c = types[t] && types[t][2]; return COLOUR.test(c || "") ? c : "#757575"; }

  /* A type's mark: its symbol on its colour (hidden from screen readers), then its label. */
  function typeMark(t) {
    var box = el("span", "marsad-type");
    var symbol = el("span", "marsad-type-symbol", types[t] ? types[t][3] : "");
    symbol.setAttribute("aria-hidden", "true");
    symbol.style.background = typeColour(t);
    box.appendChild(symbol);
    box.appendChild(el("span", "marsad-type-label", types[t] ? types[t][1] : ""));
    return box;
  }

  /* The most frequent type among a place's events shown (ties: the first in the legend). */
  function mainType(events) {
    var counts = {}, best = -1;
    events.forEach(function (e) { counts[e[5]] = (counts[e[5]] || 0) + 1; });
    Object.keys(counts).forEach(function (k) {
      var t = +k;
      if (best < 0 || counts[t] > counts[best] || (counts[t] === counts[best] && t < best)) best = t;
    });
    return best;
  }

  /* Pin colour says how recent the place's latest event is within the period shown. */
  var RAMP = ["#fdd49e", "#fc8d59", "#e34a33", "#b30000"];
  function rampColour(day, lo, hi) {
    if (!lo || !hi || lo === hi) return RAMP[RAMP.length - 1];
    var t = (Date.parse(day) - Date.parse(lo)) / (Date.parse(hi) - Date.parse(lo));
    return RAMP[Math.max(0, Math.min(RAMP.length - 1, Math.floor(t * RAMP.length)))];
  }

  function popup(p, events) {
    var box = el("div", "marsad-popup");
    box.dir = cfg.dir;
    var title = el("h3");
    title.appendChild(link(p.name_ar, cfg.root + p.page));
    box.appendChild(title);
    box.appendChild(el("p", "marsad-popup-meta", p.precision_label + (p.country ? " · " + p.country : "")));
    var list = el("ul");
    events.slice(-POPUP_EVENTS).reverse().forEach(function (e) {
      var article = articles[e[4]];
      var item = el("li", "marsad-popup-event");
      item.setAttribute("data-type", types[e[5]] ? types[e[5]][0] : "");
      item.style.borderColor = typeColour(e[5]);
      var what = el("span", "marsad-what");
      what.appendChild(typeMark(e[5]));
      if (e[11] >= 0 && subtypes[e[11]]) what.appendChild(el("span", "marsad-subtype", subtypes[e[11]][1]));
      if (e[10]) what.appendChild(el("span", "marsad-future-mark", W.future));
      item.appendChild(what);
      var when = el("time", "marsad-when" + (e[0] !== e[1] ? " marsad-range" : ""), e[2]);
      when.setAttribute("datetime", e[0]);
      item.appendChild(when);
      var names = e[6].map(function (a) { return actors[a] ? actors[a][1] : ""; }).filter(Boolean);
      if (names.length) item.appendChild(el("span", "marsad-actors", W.actors + ": " + names.join("، ")));
      if (e[EXCERPT] !== undefined) item.appendChild(el("span", "marsad-excerpt", e[EXCERPT]));
      item.appendChild(link(article[1], cfg.root + article[0], "marsad-article-link"));
      /* Its own link: the event's item on its month page, which lists every source. */
      item.appendChild(link(W.sources + ": " + e[7].length + " · " + W.event_link,
                            cfg.root + pages[e[8]] + "#e-" + e[9], "marsad-event-link"));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (events.length > POPUP_EVENTS) {
      box.appendChild(link("… " + (events.length - POPUP_EVENTS) + " " + W.more, cfg.root + p.page, "marsad-more"));
    }
    return box;
  }

  function render() {
    cluster.clearLayers();
    markers = {};
    var shown = [];
    var lo = null, hi = null;
    features.forEach(function (f) {
      var events = f.properties.events.filter(eventMatches);
      if (!events.length) return;
      var latest = events.reduce(function (a, e) { return e[0] > a ? e[0] : a; }, "");
      shown.push([f, events, latest]);
      if (!lo || latest < lo) lo = latest;
      if (!hi || latest > hi) hi = latest;
    });
    var layers = shown.map(function (item) {
      var f = item[0], events = item[1], p = f.properties, c = f.geometry.coordinates;
      /* The fill says how recent; the dot, the most frequent type of the events shown. */
      var pin = el("span");
      pin.style.background = rampColour(item[2], lo, hi);
      var main = mainType(events);
      var dot = el("i", "marsad-pin-type");
      dot.style.background = typeColour(main);
      pin.appendChild(dot);
      pin.setAttribute("data-type", types[main] ? types[main][0] : "");
      var icon = L.divIcon({ className: "marsad-pin marsad-pin-" + p.precision, html: pin, iconSize: null });
      var marker = L.marker([c[1], c[0]], { icon: icon, title: p.name_ar, alt: p.name_ar, keyboard: true });
      marker.marsadPlace = p.id;
      marker.marsadContent = function () { return popup(p, events); };
      marker.on("click", function () { showPopup(marker); });
      markers[p.id] = marker;
      return marker;
    });
    cluster.addLayers(layers);
    document.body.setAttribute("data-marsad-places", String(layers.length));
    var counter = document.getElementById("marsad-count");
    if (counter) counter.textContent = layers.length + " " + W.shown;
    return layers;
  }

  /* Excerpts by place id, in the order of its events; open popups are drawn again with them.
   * Loaded when a popup first opens, or once the page is idle after showing the map: parsing
   * them must not hold up the first view. */
  var excerptsRequested = false;
  function loadExcerpts() {
    if (!cfg.excerptsUrl || excerptsRequested) return;
    excerptsRequested = true;
    fetch(cfg.excerptsUrl)
      .then(function (r) { if (!r.ok) throw new Error(r.status + " " + cfg.excerptsUrl); return r.json(); })
      .then(function (byPlace) {
        features.forEach(function (f) {
          var texts = byPlace[f.properties.id] || [];
          f.properties.events.forEach(function (e, i) { if (typeof texts[i] === "string") e[EXCERPT] = texts[i]; });
        });
        if (shownPopup && shownPopup.isOpen()) shownPopup.update();
        document.body.setAttribute("data-marsad-excerpts", "1");
      })
      .catch(function (err) { console.error("marsad: " + err); });  /* popups simply stay shorter */
  }

  /* Popups belong to the map, not to their marker: a marker inside a cluster is shown on a
   * spider leg, and the leg folds (taking a bound popup with it) as soon as the popup pans
   * the map into view. A long history scrolls inside the popup, which fits in the map. */
  var shownPopup = null;
  /* The popup keeps clear of the filter panel and the legend when they are open. */
  function openBox(cls) {
    var box = map.getContainer().querySelector(cls);
    return box && box.open ? box : null;
  }
  function showPopup(marker) {
    var size = map.getSize();
    var panel = openBox(".marsad-controls"), key = openBox(".marsad-type-legend-box");
    var side = panel ? panel.offsetWidth + 20 : 10, below = key ? key.offsetHeight + 20 : 10;
    var padStart = L.point(cfg.dir === "rtl" ? side : 10, 10);
    var padEnd = L.point(cfg.dir === "rtl" ? 10 : side, below);
    var width = Math.max(200, Math.min(340, size.x - side - 50));
    shownPopup = L.popup({ maxWidth: width, maxHeight: Math.max(160, size.y - below - 90),
                           autoPanPaddingTopLeft: cfg.dir === "rtl" ? padStart : L.point(10, 10),
                           autoPanPaddingBottomRight: cfg.dir === "rtl" ? padEnd : L.point(side, below) })
      .setLatLng(marker.getLatLng())
      .setContent(marker.marsadContent)
      .openOn(map);
  }

  function openPlace(id) {
    var marker = markers[id];
    if (!marker) return false;
    cluster.zoomToShowLayer(marker, function () { showPopup(marker); });
    return true;
  }
  window.marsadOpenPlace = openPlace;

  function controls(sources, names) {
    /* A collapsible panel: open on wide screens, folded on phones so the map stays visible. */
    var panel = L.DomUtil.create("details", "marsad-controls");
    panel.dir = cfg.dir;
    panel.open = window.innerWidth >= 600;
    panel.appendChild(el("summary", null, W.filters));
    var box = el("form");
    box.setAttribute("role", "search");
    panel.appendChild(box);
    L.DomEvent.disableClickPropagation(panel);
    L.DomEvent.disableScrollPropagation(panel);

    function field(labelText, input) {
      var label = el("label", null, labelText);
      label.appendChild(input);
      box.appendChild(label);
      return input;
    }
    var search = el("input");
    search.type = "search";
    search.setAttribute("list", "marsad-place-names");
    search.setAttribute("autocomplete", "off");
    field(W.filter_place, search);
    var datalist = el("datalist");
    datalist.id = "marsad-place-names";
    names.forEach(function (n) { var o = el("option"); o.value = n; datalist.appendChild(o); });
    box.appendChild(datalist);
    var from = el("input"); from.type = "date"; field(W.filter_from, from);
    var to = el("input"); to.type = "date"; field(W.filter_to, to);
    var source = el("select");
    source.name = "source";
    var any = el("option", null, W.filter_all); any.value = ""; source.appendChild(any);
    sources.forEach(function (s) { var o = el("option", null, s); o.value = s; source.appendChild(o); });
    field(W.filter_source, source);
    /* Types in the legend's order, each with its symbol; actors by name. */
    var type = el("select");
    type.name = "type";
    var anyType = el("option", null, W.filter_all_types); anyType.value = "-1"; type.appendChild(anyType);
    types.forEach(function (t, i) { var o = el("option", null, t[3] + " " + t[1]); o.value = String(i); type.appendChild(o); });
    field(W.filter_type, type);
    var actor = el("select");
    actor.name = "actor";
    var anyActor = el("option", null, W.filter_all_actors); anyActor.value = "-1"; actor.appendChild(anyActor);
    actors.forEach(function (a, i) { var o = el("option", null, a[1]); o.value = String(i); actor.appendChild(o); });
    if (actors.length) field(W.filter_actor, actor);
    type.value = String(filters.type);
    actor.value = String(filters.actor);
    typeSelect = type;
    box.appendChild(el("output", "marsad-count")).id = "marsad-count";
    var ramp = el("div", "marsad-legend");
    ramp.appendChild(el("span", null, W.legend_old));
    RAMP.forEach(function (c) { var s = el("i"); s.style.background = c; ramp.appendChild(s); });
    ramp.appendChild(el("span", null, W.legend_recent));
    box.appendChild(ramp);

    function update() {
      filters.from = from.value; filters.to = to.value; filters.source = source.value;
      filters.type = +type.value; filters.actor = +actor.value;
      render();
      markLegend();
    }
    from.addEventListener("change", update);
    to.addEventListener("change", update);
    source.addEventListener("change", update);
    type.addEventListener("change", update);
    actor.addEventListener("change", update);
    search.addEventListener("change", function () {
      var wanted = search.value.trim();
      var hit = features.find(function (f) {
        return f.properties.name_ar === wanted || f.properties.spellings.indexOf(wanted) >= 0 || f.properties.name === wanted;
      });
      if (hit) openPlace(hit.properties.id);
    });
    box.addEventListener("submit", function (ev) { ev.preventDefault(); search.dispatchEvent(new Event("change")); });
    return panel;
  }

  /* The legend of event types: each entry also sets the type filter (again: all types). */
  var typeSelect = null, legendButtons = [];
  function markLegend() {
    legendButtons.forEach(function (b, i) { b.setAttribute("aria-pressed", filters.type === i ? "true" : "false"); });
  }
  function legend() {
    var box = L.DomUtil.create("details", "marsad-type-legend-box");
    box.dir = cfg.dir;
    box.open = window.innerWidth >= 600 && window.innerHeight >= 560;
    box.appendChild(el("summary", null, W.event_types));
    var list = el("ul", "marsad-type-legend");
    types.forEach(function (t, i) {
      var item = el("li");
      var button = el("button");
      button.type = "button";
      button.appendChild(typeMark(i));
      button.addEventListener("click", function () {
        filters.type = filters.type === i ? -1 : i;
        if (typeSelect) typeSelect.value = String(filters.type);
        render();
        markLegend();
      });
      legendButtons.push(button);
      item.appendChild(button);
      list.appendChild(item);
    });
    box.appendChild(list);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    markLegend();
    return box;
  }

  function hashParam(name) {
    var m = new RegExp("(?:^|[#&])" + name + "=([^&]+)").exec(window.location.hash);
    return m ? decodeURIComponent(m[1]) : null;
  }

  fetch(cfg.dataUrl)
    .then(function (r) { if (!r.ok) throw new Error(r.status + " " + cfg.dataUrl); return r.json(); })
    .then(function (fc) {
      features = fc.features;
      articles = fc.articles;
      types = fc.types || [];
      actors = fc.actors || [];
      subtypes = fc.subtypes || [];
      pages = fc.pages || [];
      var wantedType = hashParam("type"), wantedActor = hashParam("actor");
      types.forEach(function (t, i) { if (t[0] === wantedType) filters.type = i; });
      actors.forEach(function (a, i) { if (a[0] === wantedActor) filters.actor = i; });
      var sources = {}, names = {};
      features.forEach(function (f) { names[f.properties.name_ar] = true; });
      articles.forEach(function (a) { if (a[2]) sources[a[2]] = true; });
      var Control = L.Control.extend({
        options: { position: cfg.dir === "rtl" ? "topleft" : "topright" },
        onAdd: function () { return controls(Object.keys(sources).sort(), Object.keys(names).sort()); }
      });
      var Legend = L.Control.extend({
        options: { position: cfg.dir === "rtl" ? "bottomright" : "bottomleft" },
        onAdd: legend
      });
      if (!/(?:^|[#&])mini=1/.test(window.location.hash)) {
        map.addControl(new Control());
        if (types.length) map.addControl(new Legend());
      }
      var layers = render();
      if (layers.length) {
        var group = L.featureGroup(layers);
        /* Not animated: a deep-linked popup opened next would close when the zoom lands. */
        map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 7, animate: false });
      }
      var wanted = hashParam("place");
      if (wanted) openPlace(wanted);
      document.body.setAttribute("data-marsad-ready", "1");
      setTimeout(function () {
        if (window.requestIdleCallback) window.requestIdleCallback(loadExcerpts, { timeout: 3000 });
        else loadExcerpts();
      }, 1000);
    })
    .catch(function (err) {
      document.body.setAttribute("data-marsad-error", String(err));
      console.error("marsad: " + err);
    });
})();
