/* Marsad map: places and their events from a data file, clustered, filterable.
 *
 * Article text is untrusted: everything from the data file reaches the page through
 * textContent or attribute setters, never through innerHTML.
 * Configuration comes from window.MARSAD (set by the page): map, pointsUrl, dataUrl,
 * excerptsUrl, root, words, dir. The first markers come from pointsUrl (a few bytes a place),
 * drawn while the places and their events (dataUrl), which the filters and popups need,
 * are still coming; the events' excerpts (most of the bytes) are one file per place in the
 * excerptsUrl folder, fetched when its popup opens.
 * Each event is one happening merged across its sources, with a type, actors and a link to
 * its item on its month page.
 * Deep links: #place=<id> opens that place's popup; #type=<type key> and #actor=<actor id>
 * (with & between) start with those filters set; #from=YYYY-MM-DD&to=YYYY-MM-DD sets the time
 * window (the timeline page links here with its window); #event=<id> opens the popup of the
 * event's place with that event marked. The map page's own URL holds the same state (the map
 * in its frame reads and writes the page's hash), so a view can be shared.
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

  /* A count as labels.count says it (COUNT_FORMS, by CLDR's Arabic categories): 0, 1 and 2
   * have their own words, then by the last two digits: 3-10 the plural («5 أماكن»), 11-99
   * the singular accusative («33 مكانًا»), the rest the singular («100 مكان»). */
  function countForm(n) {
    if (n === 0 || n === 1 || n === 2) return n;
    var rest = n % 100;
    return rest >= 3 && rest <= 10 ? 3 : rest >= 11 && rest <= 99 ? 4 : 5;
  }
  function count(n, noun) {
    var forms = cfg.counts && cfg.counts[noun];
    return forms ? forms[countForm(n)].replace("{n}", String(n)) : String(n);
  }
  window.marsadCount = count;

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

  /* Leaflet names its controls in English: the zoom buttons take their names as options
   * (folium leaves the control out, mapview.py), the popup's close button has no option. */
  L.control.zoom({ position: "topleft", zoomInTitle: W.zoom_in, zoomOutTitle: W.zoom_out }).addTo(map);
  map.on("popupopen", function (ev) {
    var close = ev.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) { close.title = W.close_popup; close.setAttribute("aria-label", W.close_popup); }
    if (shownPlace) loadExcerpts(shownPlace);
  });
  /* Clusters in one neutral style, their size by count: colour on the map belongs to the
   * pins (how recent, with a legend) and to the types (the dot, with a legend). */
  function clusterIcon(c) {
    var n = c.getChildCount(), size = n < 10 ? 30 : n < 100 ? 36 : 44;
    var label = el("span", "marsad-cluster-count", String(n));
    label.style.lineHeight = (size - 4) + "px";
    return L.divIcon({ html: label, className: "marsad-cluster", iconSize: L.point(size, size) });
  }
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true,
                                       iconCreateFunction: clusterIcon });
  window.marsadCluster = cluster;
  map.addLayer(cluster);
  var features = [];
  var markers = {};

  /* Filters: a date range (inclusive ISO strings), a source (outlet), an event type and an
   * actor (indexes into `types` and `actors`; -1: any). */
  var filters = { from: "", to: "", source: "", type: -1, actor: -1 };
  var selectedEvent = null;  /* the event id of #event=, marked in its place's popup */
  var MINI = /(?:^|[#&])mini=1/.test(window.location.hash);
  /* The page that frames this map (same site), whose URL holds the map's state; or none. */
  var host = null;
  try { if (!MINI && window.parent !== window && window.parent.location.pathname) host = window.parent; } catch (e) { host = null; }

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
    var listed = events.slice(-POPUP_EVENTS);
    var chosen = events.filter(function (e) { return e[9] === selectedEvent; })[0];
    if (chosen && listed.indexOf(chosen) < 0) listed.push(chosen);
    listed.reverse().forEach(function (e) {
      var article = articles[e[4]];
      var item = el("li", "marsad-popup-event" + (e[9] === selectedEvent ? " marsad-selected" : ""));
      item.setAttribute("data-event", e[9]);
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
      item.appendChild(link(count(e[7].length, "source") + " · " + W.event_link,
                            cfg.root + pages[e[8]] + "#e-" + e[9], "marsad-event-link"));
      if (cfg.timelineUrl) item.appendChild(link(W.tl_on_timeline, cfg.timelineUrl + "#event=" + encodeURIComponent(e[9]), "marsad-timeline-link"));
      list.appendChild(item);
    });
    box.appendChild(list);
    /* (set once every event listed has its excerpt: its place's file has come) */
    if (listed.every(function (e) { return e[EXCERPT] !== undefined; })) box.setAttribute("data-marsad-excerpts", "1");
    if (events.length > POPUP_EVENTS) {
      box.appendChild(link(W.more_on_page.replace("{count}", count(events.length - POPUP_EVENTS, "event")), cfg.root + p.page, "marsad-more"));
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
      marker.on("click", function () { selectedEvent = null; showPopup(marker); });
      markers[p.id] = marker;
      return marker;
    });
    cluster.addLayers(layers);
    document.body.setAttribute("data-marsad-places", String(layers.length));
    var counter = document.getElementById("marsad-count");
    if (counter) counter.textContent = layers.length ? W.shown_count.replace("{count}", count(layers.length, "place")) : W.none_shown;
    return layers;
  }

  /* A place's excerpts, in the order of its events, from its own file (properties.excerpts)
   * when its popup first opens; the open popup is drawn again with them. */
  var excerptsAsked = {};
  function loadExcerpts(id) {
    var f = features.find(function (g) { return g.properties.id === id; });
    if (!cfg.excerptsUrl || !f || !f.properties.excerpts || excerptsAsked[id]) return;
    excerptsAsked[id] = true;
    var url = cfg.excerptsUrl + f.properties.excerpts;
    fetch(url)
      .then(function (r) { if (!r.ok) throw new Error(r.status + " " + url); return r.json(); })
      .then(function (texts) {
        f.properties.events.forEach(function (e, i) { if (typeof texts[i] === "string") e[EXCERPT] = texts[i]; });
        if (shownPopup && shownPopup.isOpen() && shownPlace === id) shownPopup.update();
        document.body.setAttribute("data-marsad-excerpts", id);
      })
      .catch(function (err) { excerptsAsked[id] = false; console.error("marsad: " + err); });  /* the popup simply stays shorter */
  }

  /* The first markers, from the small points file, while places.geojson is on its way: the
   * same pins render() draws for the whole period (colour by how recent, dot by main type).
   * A click on one opens its popup once the places have come. Not drawn when the page
   * opens on a filtered view (the hash): those pins would be the wrong ones. */
  var quick = null, fitted = false, wantedPlace = null;
  function firstMarkers(data) {
    if (features.length) return;
    var pts = (data && data.points) || [], ptypes = (data && data.types) || [], lo = null, hi = null;
    if (!pts.length) {
      if (LAZY) { document.body.setAttribute("data-marsad-places", "0"); document.body.setAttribute("data-marsad-ready", "1"); }
      return;
    }
    pts.forEach(function (q) { if (!lo || q[5] < lo) lo = q[5]; if (!hi || q[5] > hi) hi = q[5]; });
    quick = pts.map(function (q) {
      var pin = el("span");
      pin.style.background = rampColour(q[5], lo, hi);
      var dot = el("i", "marsad-pin-type");
      var c = ptypes[q[6]] && ptypes[q[6]][1];
      dot.style.background = COLOUR.test(c || "") ? c : "#757575";
      pin.appendChild(dot);
      pin.setAttribute("data-type", ptypes[q[6]] ? ptypes[q[6]][0] : "");
      var icon = L.divIcon({ className: "marsad-pin marsad-pin-" + q[3], html: pin, iconSize: null });
      var marker = L.marker([q[2], q[1]], { icon: icon, title: q[4], alt: q[4], keyboard: true });
      marker.marsadPlace = q[0];
      marker.on("click", function () { wantedPlace = q[0]; loadData(); });
      return marker;
    });
    cluster.addLayers(quick);
    map.fitBounds(L.featureGroup(quick).getBounds(), { padding: [30, 30], maxZoom: 7, animate: false });
    fitted = true;
    document.body.setAttribute("data-marsad-first", String(quick.length));
    if (LAZY) {
      document.body.setAttribute("data-marsad-places", String(quick.length));
      document.body.setAttribute("data-marsad-ready", "1");
    }
  }
  var unfiltered = !/(?:^|[#&])(?:from|to|type|actor|source|event|place)=/.test(
    window.location.hash + "&" + (host ? host.location.hash : ""));
  var LAZY = MINI && unfiltered && !!cfg.pointsUrl;
  if (cfg.pointsUrl && unfiltered) {
    (window.MARSAD_POINTS || fetch(cfg.pointsUrl))  /* (asked for in the page's head) */
      .then(function (r) { if (!r.ok) throw new Error(r.status + " " + cfg.pointsUrl); return r.json(); })
      .then(firstMarkers)
      .catch(function (err) { console.error("marsad: " + err); loadData(); });  /* the places file draws them */
  }

  /* Popups belong to the map, not to their marker: a marker inside a cluster is shown on a
   * spider leg, and the leg folds (taking a bound popup with it) as soon as the popup pans
   * the map into view. A long history scrolls inside the popup, which fits in the map. */
  var shownPopup = null, shownPlace = null;
  /* The popup keeps clear of every control (zoom, filters, legend, time window, scale,
   * attribution): the free rectangle is the largest of those left between the controls'
   * boxes (padding by the controls at the top, at the bottom, at either side); the popup is
   * sized to it and the map pans it inside. When no rectangle is large enough (a phone with
   * the panels open), the panels fold first. */
  function controlBoxes() {
    var frame = map.getContainer().getBoundingClientRect();
    return Array.prototype.slice.call(map.getContainer().querySelectorAll(".leaflet-control")).map(function (c) {
      var r = c.getBoundingClientRect();
      return { l: r.left - frame.left, t: r.top - frame.top, r: r.right - frame.left, b: r.bottom - frame.top };
    }).filter(function (b) { return b.r > b.l && b.b > b.t; });
  }
  function freeRect() {
    var size = map.getSize(), boxes = controlBoxes(), M = 8;
    var lefts = [M], rights = [M], tops = [M], bottoms = [M];
    boxes.forEach(function (b) {
      if (b.l < size.x / 2) lefts.push(b.r + M); else rights.push(size.x - b.l + M);
      if (b.t < size.y / 2) tops.push(b.b + M); else bottoms.push(size.y - b.t + M);
    });
    var best = null;
    lefts.forEach(function (l) { rights.forEach(function (r) { tops.forEach(function (t) { bottoms.forEach(function (bo) {
      var rect = { l: l, t: t, r: size.x - r, b: size.y - bo };
      if (rect.r - rect.l < 200 || rect.b - rect.t < 140) return;
      var clear = boxes.every(function (b) { return b.r <= rect.l || b.l >= rect.r || b.b <= rect.t || b.t >= rect.b; });
      var area = (rect.r - rect.l) * Math.min(rect.b - rect.t, 420);
      if (clear && (!best || area > best.area)) { rect.area = area; best = rect; }
    }); }); }); });
    return best;
  }
  function showPopup(marker) {
    if (shownPopup) { var old = shownPopup; shownPopup = null; map.closePopup(old); }
    var rect = freeRect();
    if (!rect) {
      Array.prototype.forEach.call(map.getContainer().querySelectorAll("details.marsad-controls, details.marsad-type-legend-box, details.marsad-time"),
                                   function (d) { d.open = false; });
      rect = freeRect();
    }
    var size = map.getSize();
    rect = rect || { l: 10, t: 10, r: size.x - 10, b: size.y - 10 };
    shownPlace = marker.marsadPlace;
    shownPopup = L.popup({ maxWidth: Math.min(340, rect.r - rect.l - 40), minWidth: Math.min(200, rect.r - rect.l - 40),
                           maxHeight: Math.max(100, rect.b - rect.t - 70),
                           autoPanPaddingTopLeft: L.point(rect.l, rect.t),
                           autoPanPaddingBottomRight: L.point(size.x - rect.r, size.y - rect.b) })
      .setLatLng(marker.getLatLng())
      .setContent(marker.marsadContent)
      .openOn(map);
    var mark = shownPopup.getElement() && shownPopup.getElement().querySelector(".marsad-selected");
    if (mark && mark.scrollIntoView) mark.scrollIntoView({ block: "nearest" });
    saveState();
  }
  map.on("popupclose", function (ev) {
    if (ev.popup === shownPopup) { shownPopup = null; shownPlace = null; selectedEvent = null; saveState(); }
  });

  function openPlace(id) {
    var marker = markers[id];
    if (!marker) return false;
    cluster.zoomToShowLayer(marker, function () { showPopup(marker); });
    return true;
  }
  window.marsadOpenPlace = openPlace;
  /* The place of an event (the first that has it), for #event= without #place=. */
  function placeOfEvent(id) {
    var hit = features.find(function (f) { return f.properties.events.some(function (e) { return e[9] === id; }); });
    return hit ? hit.properties.id : null;
  }

  /* ------------------------------------------------------------ state in the URL */
  function typeKey() { return filters.type >= 0 && types[filters.type] ? types[filters.type][0] : ""; }
  function actorKey() { return filters.actor >= 0 && actors[filters.actor] ? actors[filters.actor][0] : ""; }
  function stateHash() {
    var params = [["place", shownPlace], ["event", selectedEvent], ["from", filters.from], ["to", filters.to],
                  ["type", typeKey()], ["actor", actorKey()], ["source", filters.source]];
    return params.filter(function (p) { return p[1]; })
      .map(function (p) { return p[0] + "=" + encodeURIComponent(p[1]); }).join("&");
  }
  var stateReady = false;
  function saveState() {
    if (!stateReady || MINI) return;
    var target = host || window, hash = stateHash();
    try {
      if (hash || target.location.hash) target.history.replaceState(target.history.state, "", target.location.pathname + target.location.search + (hash ? "#" + hash : ""));
    } catch (e) { /* a page that does not let us: the state just is not shared */ }
    if (timeLink) timeLink.href = cfg.timelineUrl + (filters.from || filters.to ? "#" + hashOf({ from: filters.from || dayOf(lo), to: filters.to || dayOf(hi) }) : "");
  }
  function hashOf(o) { return Object.keys(o).map(function (k) { return k + "=" + encodeURIComponent(o[k]); }).join("&"); }
  function params() {
    var out = {};
    [window.location.hash, host ? host.location.hash : ""].forEach(function (h) {
      h.replace(/^#/, "").split("&").forEach(function (kv) {
        var i = kv.indexOf("=");
        if (i > 0) { try { out[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); } catch (e) { /* ignored */ } }
      });
    });
    return out;
  }
  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  function validDay(s) { return ISO.test(s || "") && !isNaN(Date.parse(s)) && new Date(Date.parse(s)).toISOString().slice(0, 10) === s; }

  /* ------------------------------------------------------------ the time window */
  var DAY = 86400000, lo = 0, hi = 0, timeLink = null, timeSync = null;
  var MONTHS = (W.tl_months || "").split("|");
  function dayOf(t) { return new Date(t).toISOString().slice(0, 10); }
  function dayNumber(iso) { return Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY); }
  function dayLabel(iso) { var d = new Date(dayNumber(iso) * DAY); return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear(); }
  /* A folding box of two sliders (from, to) over the days of the site's events, the window
   * it shows, a reset and a link to the timeline with the same window. */
  function timeWindow() {
    var box = L.DomUtil.create("details", "marsad-time");
    box.dir = cfg.dir;
    box.open = window.innerWidth >= 600 && window.innerHeight >= 560;
    var summary = el("summary");
    box.appendChild(summary);
    var first = dayNumber(lo), last = dayNumber(hi);
    function slider(labelText) {
      var label = el("label", null, labelText);
      var input = el("input");
      input.type = "range"; input.min = String(first); input.max = String(last); input.step = "1";
      label.appendChild(input);
      box.appendChild(label);
      return input;
    }
    var fromSlider = slider(W.tl_from), toSlider = slider(W.tl_to);
    var actions = el("p", "marsad-time-actions");
    var reset = el("button", "marsad-time-reset", W.tl_all_period);
    reset.type = "button";
    actions.appendChild(reset);
    if (cfg.timelineUrl) { timeLink = link(W.tl_on_timeline, cfg.timelineUrl, "marsad-time-timeline"); actions.appendChild(timeLink); }
    box.appendChild(actions);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    function show() {
      var f = filters.from || dayOf(lo), t = filters.to || dayOf(hi);
      fromSlider.value = String(Math.max(first, Math.min(last, dayNumber(f))));
      toSlider.value = String(Math.max(first, Math.min(last, dayNumber(t))));
      summary.textContent = W.tl_period + ": " + dayLabel(f) + " – " + dayLabel(t);
      box.setAttribute("data-from", filters.from);
      box.setAttribute("data-to", filters.to);
    }
    function moved(which) {
      var a = +fromSlider.value, b = +toSlider.value;
      if (a > b) { if (which === fromSlider) toSlider.value = String(a); else fromSlider.value = String(b); }
      filters.from = +fromSlider.value > first ? dayOf(+fromSlider.value * DAY) : "";
      filters.to = +toSlider.value < last ? dayOf(+toSlider.value * DAY) : "";
    }
    [fromSlider, toSlider].forEach(function (input) {
      input.addEventListener("input", function () { moved(input); show(); });
      input.addEventListener("change", function () { moved(input); changed(); });
    });
    reset.addEventListener("click", function () { filters.from = filters.to = ""; changed(); });
    timeSync = show;
    show();
    return box;
  }
  /* Filters changed (from any control): every control shows them, the map and the URL follow. */
  var panelSync = null;
  function changed() {
    if (timeSync) timeSync();
    if (panelSync) panelSync();
    render();
    markLegend();
    saveState();
  }

  /* ------------------------------------------------------------ place search */
  /* Names folded as generator/arabic.py folds them (diacritics, tatweel, hamza and alef
   * forms, alef maqsura, ta marbuta), so «منبج», «مَنبِج» and «منبـج» are one name. */
  var INVISIBLE = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]/g;
  function fold(text) {
    return text.replace(INVISIBLE, "").replace(/[أإآٱ]/g, "ا").replace(/[ىئی]/g, "ي").replace(/ؤ/g, "و")
      .replace(/ة/g, "ه").replace(/ک/g, "ك").replace(/\s+/g, " ").trim().toLowerCase();
  }
  /* The clitics a name takes in news text (places.py's _PREFIXES): «بمنبج», «والرقة», «للمملكة». */
  var PREFIXES = ["وبال", "فبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "فب", "فل", "و", "ف", "ب", "ل"];
  function readings(word) {
    var out = [word];
    PREFIXES.forEach(function (p) {
      if (word.indexOf(p) !== 0 || word.length - p.length < 2) return;
      var rest = word.slice(p.length);
      out.push(/ال$/.test(p) || /لل$/.test(p) ? "ال" + rest : rest);
    });
    return out;
  }
  var searchIndex = null;
  function placeNames(p) {
    var out = [p.name_ar, p.name || ""].concat(p.spellings || []).map(fold).filter(Boolean);
    out.slice().forEach(function (n) { if (/^ال./.test(n)) out.push(n.slice(2)); });  /* «رقة» finds الرقة */
    return out;
  }
  /* The place a reader means: a name or spelling as typed, else with a clitic taken off,
   * else the names it begins (at least two letters: «منب»); ties go to the busier place. */
  function findPlace(text) {
    if (!searchIndex) searchIndex = features.map(function (f) { return [f, placeNames(f.properties)]; });
    var query = fold(text);
    if (query.length < 2) return null;
    var tries = readings(query), best = null, bestRank = Infinity;
    searchIndex.forEach(function (entry) {
      var rank = Infinity;
      tries.forEach(function (q, i) {
        entry[1].forEach(function (n) {
          if (n === q) rank = Math.min(rank, i);
          else if (q.length >= 2 && n.indexOf(q) === 0) rank = Math.min(rank, 100 + i);
        });
      });
      if (rank < bestRank || (rank === bestRank && rank < Infinity &&
                              entry[0].properties.events.length > best.properties.events.length)) { bestRank = rank; best = entry[0]; }
    });
    return best;
  }
  window.marsadFindPlace = function (text) { var f = findPlace(text); return f ? f.properties.id : null; };

  /* ------------------------------------------------------------ month menus */
  /* The months (YYYY-MM) that events start, end or run through, in order. */
  function eventMonths() {
    var seen = {};
    features.forEach(function (f) {
      f.properties.events.forEach(function (e) {
        var k = +e[0].slice(0, 4) * 12 + +e[0].slice(5, 7) - 1, last = +e[1].slice(0, 4) * 12 + +e[1].slice(5, 7) - 1;
        for (; k <= last; k++) seen[k] = true;
      });
    });
    return Object.keys(seen).map(Number).sort(function (a, b) { return a - b; }).map(function (k) {
      var m = k % 12 + 1;
      return Math.floor(k / 12) + "-" + (m < 10 ? "0" : "") + m;
    });
  }
  function monthEnd(iso) { return dayOf(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7), 0)); }
  /* A menu of months: their first days (from) or last days (to), named as the site names them. */
  function monthMenu(name, anyText, months, starts) {
    var select = el("select");
    select.name = name;
    var any = el("option", null, anyText); any.value = ""; select.appendChild(any);
    months.forEach(function (m) {
      var o = el("option", null, MONTHS[+m.slice(5, 7) - 1] + " " + m.slice(0, 4));
      o.value = starts ? m + "-01" : monthEnd(m + "-01");
      select.appendChild(o);
    });
    return select;
  }
  /* Shows a date on a month menu: its month's entry, else an entry of its own, in order. */
  function choose(select, iso) {
    Array.prototype.slice.call(select.querySelectorAll("option.marsad-day-option")).forEach(function (o) { select.removeChild(o); });
    var options = Array.prototype.slice.call(select.options);
    if (iso && !options.some(function (o) { return o.value === iso; })) {
      var o = el("option", "marsad-day-option", dayLabel(iso));
      o.value = iso;
      select.insertBefore(o, options.filter(function (x) { return x.value && x.value > iso; })[0] || null);
    }
    select.value = iso;
  }

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
    /* The date range as menus of the months that have events (a browser's own date field
     * speaks the browser's language: mm/dd/yyyy in an English one); a day set on the time
     * window or in the URL is shown as one more entry. */
    var months = eventMonths();
    var from = monthMenu("from", W.from_start, months, true); field(W.filter_from, from);
    var to = monthMenu("to", W.to_end, months, false); field(W.filter_to, to);
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

    function update(ev) {
      filters.from = from.value; filters.to = to.value; filters.source = source.value;
      filters.type = +type.value; filters.actor = +actor.value;
      if (filters.from && filters.to && filters.from > filters.to) {
        /* The other end follows: the month chosen, whole. */
        if (ev && ev.target === from) filters.to = monthEnd(filters.from);
        else filters.from = filters.to.slice(0, 8) + "01";
      }
      changed();
    }
    panelSync = function () {
      choose(from, filters.from); choose(to, filters.to); source.value = filters.source;
      type.value = String(filters.type); actor.value = String(filters.actor);
    };
    panelSync();
    from.addEventListener("change", update);
    to.addEventListener("change", update);
    source.addEventListener("change", update);
    type.addEventListener("change", update);
    actor.addEventListener("change", update);
    /* What the search found, said under the box (nothing when it found the place). */
    var status = el("p", "marsad-search-status");
    status.setAttribute("role", "status");
    status.hidden = true;
    box.insertBefore(status, datalist);
    function say(text) { status.textContent = text; status.hidden = !text; search.setAttribute("aria-invalid", text ? "true" : "false"); }
    /* Enter fires both a change and the form's submit: one search for both. */
    var lastSearch = "", lastTime = 0;
    search.addEventListener("change", function () {
      var wanted = search.value.trim();
      if (wanted === lastSearch && Date.now() - lastTime < 500) return;
      lastSearch = wanted; lastTime = Date.now();
      if (!wanted) { say(""); return; }
      var hit = findPlace(wanted);
      if (!hit) { say(W.search_none); return; }
      if (!openPlace(hit.properties.id)) { say(W.search_filtered.replace("{name}", hit.properties.name_ar)); return; }
      say("");
    });
    search.addEventListener("input", function () { if (!search.value.trim()) say(""); });
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
        changed();
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

  /* The state a URL gives: filters, time window, selected event and open place. */
  function applyState(p) {
    filters.type = -1; filters.actor = -1;
    types.forEach(function (t, i) { if (t[0] === p.type) filters.type = i; });
    actors.forEach(function (a, i) { if (a[0] === p.actor) filters.actor = i; });
    filters.from = validDay(p.from) ? p.from : "";
    filters.to = validDay(p.to) ? p.to : "";
    filters.source = p.source || "";
    selectedEvent = p.event || null;
    return p.place || (selectedEvent ? placeOfEvent(selectedEvent) : null);
  }

  /* A small map with no place to open (the home page's) shows the first markers only, and
   * fetches the places when a pin is clicked: the home page stays light at any size. */
  var dataAsked = false;
  function loadData() {
    if (dataAsked) return;
    dataAsked = true;
    fetch(cfg.dataUrl)
    .then(function (r) { if (!r.ok) throw new Error(r.status + " " + cfg.dataUrl); return r.json(); })
    .then(function (fc) {
      features = fc.features;
      articles = fc.articles;
      types = fc.types || [];
      actors = fc.actors || [];
      subtypes = fc.subtypes || [];
      pages = fc.pages || [];
      features.forEach(function (f) {
        f.properties.events.forEach(function (e) {
          if (!lo || e[0] < lo) lo = e[0];
          if (!hi || e[1] > hi) hi = e[1];
        });
      });
      var wanted = applyState(params());
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
      var Time = L.Control.extend({
        options: { position: cfg.dir === "rtl" ? "bottomleft" : "bottomright" },
        onAdd: timeWindow
      });
      if (!MINI) {
        map.addControl(new Control());
        if (types.length) map.addControl(new Legend());
        if (lo) map.addControl(new Time());
      }
      var layers = render();
      quick = null;
      if (layers.length && !fitted) {
        var group = L.featureGroup(layers);
        /* Not animated: a deep-linked popup opened next would close when the zoom lands. */
        map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 7, animate: false });
      }
      stateReady = true;
      if (!wanted && wantedPlace) wanted = wantedPlace;  /* a first marker clicked meanwhile */
      if (wanted) openPlace(wanted);
      saveState();
      /* A new hash typed or followed on the page: the map follows it. */
      (host || window).addEventListener("hashchange", function () {
        if (stateHash() === (host || window).location.hash.replace(/^#/, "")) return;
        var place = applyState(params());
        changed();
        if (place) openPlace(place); else map.closePopup();
      });
      document.body.setAttribute("data-marsad-ready", "1");
    })
    .catch(function (err) {
      document.body.setAttribute("data-marsad-error", String(err));
      console.error("marsad: " + err);
    });
  }
  if (!LAZY) loadData();
})();
