/* Marsad map: places and their events from a data file, clustered, filterable.
 *
 * Article text is untrusted: everything from the data file reaches the page through
 * textContent or attribute setters, never through innerHTML.
 * Configuration comes from window.MARSAD (set by the page): map, dataUrl, excerptsUrl, root,
 * words, dir. The places (dataUrl) come first and are all the map needs to show; the events'
 * excerpts (excerptsUrl, most of the bytes) follow once it is shown, and fill the popups.
 * Deep links: #place=<id> opens that place's popup.
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

  map.on("popupopen", function () { loadExcerpts(); });
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true });
  window.marsadCluster = cluster;
  map.addLayer(cluster);
  var features = [];
  var markers = {};

  /* Filters: a date range (inclusive ISO strings) and a source. */
  var filters = { from: "", to: "", source: "" };

  var articles = [];
  var POPUP_EVENTS = 40; /* the place page lists them all */

  /* An event row: [start, end, date label, granularity, article index], and [5] its excerpt
   * once the excerpts have arrived. */
  function eventMatches(e) {
    if (filters.from && e[1] < filters.from) return false;
    if (filters.to && e[0] > filters.to) return false;
    if (filters.source && articles[e[4]][2] !== filters.source) return false;
    return true;
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
    box.appendChild(el("p", "marsad-popup-meta", p.precision_label + (p.cc ? " · " + p.cc : "")));
    var list = el("ul");
    events.slice(-POPUP_EVENTS).reverse().forEach(function (e) {
      var article = articles[e[4]];
      var item = el("li");
      var when = el("time", "marsad-when" + (e[0] !== e[1] ? " marsad-range" : ""), e[2]);
      when.setAttribute("datetime", e[0]);
      item.appendChild(when);
      if (e[5] !== undefined) item.appendChild(el("span", "marsad-excerpt", e[5]));
      item.appendChild(link(article[1], cfg.root + article[0], "marsad-article-link"));
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
      var icon = L.divIcon({
        className: "marsad-pin marsad-pin-" + p.precision,
        html: '<span style="background:' + rampColour(item[2], lo, hi) + '"></span>',
        iconSize: null
      });
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
          f.properties.events.forEach(function (e, i) { if (typeof texts[i] === "string") e[5] = texts[i]; });
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
  function showPopup(marker) {
    var size = map.getSize();
    shownPopup = L.popup({ maxWidth: Math.min(340, size.x - 70), maxHeight: Math.max(160, size.y - 120) })
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
    var any = el("option", null, W.filter_all); any.value = ""; source.appendChild(any);
    sources.forEach(function (s) { var o = el("option", null, s); o.value = s; source.appendChild(o); });
    field(W.filter_source, source);
    box.appendChild(el("output", "marsad-count")).id = "marsad-count";
    var legend = el("div", "marsad-legend");
    legend.appendChild(el("span", null, W.legend_old));
    RAMP.forEach(function (c) { var s = el("i"); s.style.background = c; legend.appendChild(s); });
    legend.appendChild(el("span", null, W.legend_recent));
    box.appendChild(legend);

    function update() {
      filters.from = from.value; filters.to = to.value; filters.source = source.value;
      render();
    }
    from.addEventListener("change", update);
    to.addEventListener("change", update);
    source.addEventListener("change", update);
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

  fetch(cfg.dataUrl)
    .then(function (r) { if (!r.ok) throw new Error(r.status + " " + cfg.dataUrl); return r.json(); })
    .then(function (fc) {
      features = fc.features;
      articles = fc.articles;
      var sources = {}, names = {};
      features.forEach(function (f) { names[f.properties.name_ar] = true; });
      articles.forEach(function (a) { if (a[2]) sources[a[2]] = true; });
      var Control = L.Control.extend({
        options: { position: cfg.dir === "rtl" ? "topleft" : "topright" },
        onAdd: function () { return controls(Object.keys(sources).sort(), Object.keys(names).sort()); }
      });
      if (!/(?:^|[#&])mini=1/.test(window.location.hash)) map.addControl(new Control());
      var layers = render();
      if (layers.length) {
        var group = L.featureGroup(layers);
        /* Not animated: a deep-linked popup opened next would close when the zoom lands. */
        map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 7, animate: false });
      }
      var wanted = /(?:^|[#&])place=([^&]+)/.exec(window.location.hash);
      if (wanted) openPlace(decodeURIComponent(wanted[1]));
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
