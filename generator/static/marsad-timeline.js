/* Marsad timeline: every event on a zoomable time axis (vis-timeline), linked to the map.
 *
 * Article text is untrusted: everything from the data file reaches the page through
 * textContent or attribute setters, never through innerHTML (item contents are elements,
 * made by the `template` function).
 * Configuration: the JSON in #marsad-timeline-config (dataUrl, root, mapUrl, dir, words).
 * The data file (data/timeline.json) is described in generator/site/timelineview.py.
 * State in the URL: #from=YYYY-MM-DD&to=YYYY-MM-DD (the window shown), &event=<id> (the
 * selected event), &group=country|type; a shared link opens the same view. The window goes
 * to the map as the same #from=&to= (a link in the toolbar), and an event's places open the
 * map at that place with its popup (#place=<id>&event=<id>).
 */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("marsad-timeline-config").textContent);
  var W = cfg.words;
  var MONTHS = W.months.split("|");
  var DAY = 86400000;
  var box = document.getElementById("marsad-timeline");
  var bar = document.querySelector(".marsad-tl-bar");
  var detail = document.querySelector(".marsad-tl-detail");
  var COLOUR = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/;
  var PRECISIONS = ["day", "week", "month", "quarter", "year"];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function link(text, href, cls) { var a = el("a", cls, text); a.href = href; return a; }
  /* A count as labels.count says it (see marsad-map.js): «حدثان», «5 أحداث», «33 حدثًا». */
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
  function utc(iso) { return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)); }
  function isoDay(t) { return new Date(t).toISOString().slice(0, 10); }
  function dayLabel(t) { var d = new Date(t); return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear(); }
  function validDay(s) { return /^\d{4}-\d{2}-\d{2}$/.test(s || "") && !isNaN(utc(s)); }

  function hashParams() {
    var out = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) { try { out[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); } catch (e) { /* a broken escape: ignored */ } }
    });
    return out;
  }
  function hashOf(params) {
    return Object.keys(params).filter(function (k) { return params[k]; })
      .map(function (k) { return k + "=" + encodeURIComponent(params[k]); }).join("&");
  }

  /* Axis labels in the interface's language, Latin digits as on the rest of the site. */
  function when(date) { return new Date(date.valueOf()); }
  function minorLabel(date, scale) {
    var d = when(date);
    if (scale === "year") return String(d.getUTCFullYear());
    if (scale === "month") return MONTHS[d.getUTCMonth()];
    return String(d.getUTCDate());
  }
  function majorLabel(date, scale) {
    var d = when(date);
    if (scale === "year") return "";
    if (scale === "month") return String(d.getUTCFullYear());
    return MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  fetch(cfg.dataUrl)
    .then(function (r) { if (!r.ok) throw new Error(r.status + " " + cfg.dataUrl); return r.json(); })
    .then(draw)
    .catch(function (err) {
      box.setAttribute("data-marsad-error", String(err));
      console.error("marsad: " + err);
    });

  function draw(data) {
    var types = data.types, places = data.places, countries = data.countries, pages = data.pages, events = data.events;
    var byId = {};
    events.forEach(function (e, i) { byId[e[0]] = i; });
    function colour(t) { var c = types[t] && types[t][2]; return COLOUR.test(c || "") ? c : "#757575"; }
    function precision(e) { return e[1] === e[2] ? "day" : (PRECISIONS.indexOf(e[3]) >= 0 ? e[3] : "range"); }
    function countryOf(e) { var p = places[e[5][0]]; return p && p[2] >= 0 ? p[2] : -1; }
    function placeNames(e) { return e[5].map(function (p) { return places[p] ? places[p][1] : ""; }).filter(Boolean); }

    var all = events.map(function (e, i) {
      var range = e[1] !== e[2];
      var item = { id: e[0], start: utc(e[1]), type: range ? "range" : "point", n: i,
                   className: "marsad-g-" + precision(e) + (e[7] ? " marsad-tl-future" : ""),
                   style: "--marsad-c:" + colour(e[4]) };
      if (range) item.end = utc(e[2]) + DAY;  /* the end day is included */
      return item;
    });
    var starts = all.map(function (it) { return it.start; });
    var ends = all.map(function (it) { return it.end || it.start + DAY; });
    var items = new vis.DataSet();  /* what is drawn: the events in view, or their clusters */
    var groupOf = null;  /* event index -> group id, when grouped */

    function typeMark(t) {
      var symbol = el("span", "marsad-tl-symbol", types[t] ? types[t][3] : "");
      symbol.setAttribute("aria-hidden", "true");
      symbol.style.background = colour(t);
      return symbol;
    }

    /* An item: its type's symbol and its first place; the tooltip says what, when, where. */
    function template(item, element, itemData) {
      if (item && item.count) {
        var n = item.count;
        var c = el("span", "marsad-tl-cluster", String(n));
        c.title = W.cluster.replace("{count}", count(n, "event"));
        return c;
      }
      if (!item) return el("span");
      var e = events[item.n];
      var node = el("span", "marsad-tl-item");
      node.setAttribute("data-event", e[0]);
      node.setAttribute("data-start", e[1]);
      node.setAttribute("data-end", e[2]);
      node.appendChild(typeMark(e[4]));
      var names = placeNames(e);
      node.appendChild(el("span", "marsad-tl-label", names[0] || (types[e[4]] ? types[e[4]][1] : "")));
      node.title = (types[e[4]] ? types[e[4]][1] : "") + (e[7] ? " (" + W.future + ")" : "") + " — " + e[8] +
        (names.length ? " — " + names.join("، ") : "");
      return node;
    }

    var first = Infinity, last = -Infinity;
    events.forEach(function (e) { first = Math.min(first, utc(e[1])); last = Math.max(last, utc(e[2]) + DAY); });
    if (!events.length) { first = Date.UTC(2000, 0, 1); last = first + 365 * DAY; }
    var pad = Math.max(30 * DAY, (last - first) * 0.06);

    var state = hashParams();
    var options = {
      rtl: cfg.dir === "rtl",
      locale: cfg.lang,
      locales: {},
      moment: function (date) { return vis.moment(date).utc(); },
      format: { minorLabels: minorLabel, majorLabels: majorLabel },
      template: template,
      showCurrentTime: false,
      selectable: true,
      multiselect: false,
      editable: false,
      orientation: { axis: "top", item: "top" },
      zoomMin: 7 * DAY,
      zoomMax: 200 * 365 * DAY,
      min: first - 20 * 365 * DAY,
      max: last + 20 * 365 * DAY,
      start: first - pad,
      end: last + pad,
      minHeight: "12rem",
      maxHeight: "34rem",
      verticalScroll: true,
      zoomKey: "",
      tooltip: { followMouse: false },
      margin: { item: { horizontal: 4, vertical: 6 } }
    };
    options.locales[cfg.lang] = { current: "", time: "", deleteSelected: "" };
    if (validDay(state.from) && validDay(state.to) && utc(state.to) >= utc(state.from)) {
      options.start = utc(state.from);
      options.end = utc(state.to) + DAY;
    }
    box.textContent = "";
    var timeline = new vis.Timeline(box, items, options);
    window.marsadTimeline = timeline;
    window.marsadTimelineItems = items;
    window.marsadTimelineEvents = events.length;

    /* Dense views are clustered: when more than LIMIT events fall in and around the window,
     * the short ones are counted in buckets of a fortieth of the window (per group), each a
     * mark with its count that zooms in when clicked; ranges longer than a bucket stay drawn.
     * (vis-timeline's own `cluster` option leaves clusters undrawn in 8.5.) */
    var LIMIT = 150;
    function refresh() {
      var w = timeline.getWindow(), a = w.start.valueOf(), b = w.end.valueOf(), span = b - a;
      var lo = a - span / 2, hi = b + span / 2, near = [];
      for (var i = 0; i < all.length; i++) if (ends[i] >= lo && starts[i] <= hi) near.push(i);
      var list = [];
      if (near.length <= LIMIT) {
        near.forEach(function (i) { list.push(withGroup(all[i], i)); });
      } else {
        var size = span / 40, buckets = {};
        var long = near.filter(function (i) { return ends[i] - starts[i] > size; }).length <= LIMIT;  /* else they are counted too */
        near.forEach(function (i) {
          if (long && ends[i] - starts[i] > size) { list.push(withGroup(all[i], i)); return; }
          var k = Math.floor(starts[i] / size), g = groupOf ? groupOf(i) : "";
          var id = "c:" + k + ":" + g;
          var c = buckets[id];
          if (!c) { c = buckets[id] = { id: id, start: (k + 0.5) * size, type: "point", count: 0, from: k * size, to: (k + 1) * size,
                                        className: "marsad-tl-cluster-item" }; if (groupOf) c.group = g; list.push(c); }
          c.count++;
        });
        list = list.map(function (c) { return c.count === 1 ? withGroup(all[near.find(function (i) { return starts[i] >= c.from && starts[i] < c.to && (!groupOf || groupOf(i) === c.group) && (!long || ends[i] - starts[i] <= size); })], -1) : c; });
      }
      items.clear();
      items.add(list);
      if (selected && items.get(selected)) timeline.setSelection([selected]);
    }
    function withGroup(item, i) {
      if (!groupOf) return item;
      var copy = {}; for (var k in item) copy[k] = item[k];
      copy.group = groupOf(i >= 0 ? i : item.n);
      return copy;
    }
    timeline.on("click", function (props) {
      var c = props.item && items.get(props.item);
      if (c && c.count) timeline.setWindow(c.from - (c.to - c.from) * 2, c.to + (c.to - c.from) * 2);
    });

    /* ------------------------------------------------------------ toolbar */
    function button(text, cls, action) {
      var b = el("button", "md-button marsad-tl-button " + cls, text);
      b.type = "button";
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    function zoom(factor) {
      var w = timeline.getWindow(), mid = (w.start.valueOf() + w.end.valueOf()) / 2;
      var half = Math.max(3.5 * DAY, (w.end - w.start) * factor / 2);
      timeline.setWindow(mid - half, mid + half);
    }
    button(W.zoom_in, "marsad-tl-zoom-in", function () { zoom(0.5); });
    button(W.zoom_out, "marsad-tl-zoom-out", function () { zoom(2); });
    button(W.fit, "marsad-tl-fit", function () { timeline.setWindow(first - pad, last + pad); });
    var groupLabel = el("label", "marsad-tl-group", W.group_by + " ");
    var group = el("select");
    [["", W.group_none], ["country", W.group_country], ["type", W.group_type]].forEach(function (g) {
      var o = el("option", null, g[1]); o.value = g[0]; group.appendChild(o);
    });
    groupLabel.appendChild(group);
    bar.appendChild(groupLabel);
    var onMap = link(W.window_on_map, cfg.mapUrl, "marsad-tl-on-map");
    bar.appendChild(onMap);
    var counter = el("output", "marsad-tl-count");
    bar.appendChild(counter);

    /* The precisions, as the items show them. */
    var key = el("p", "marsad-tl-key");
    key.appendChild(el("span", "marsad-tl-key-title", W.legend_precision + ": "));
    PRECISIONS.forEach(function (p) {
      var k = el("span", "marsad-tl-key-item");
      k.appendChild(el("i", "marsad-tl-swatch marsad-g-" + p));
      k.appendChild(document.createTextNode(W["precision_" + p]));
      key.appendChild(k);
    });
    box.parentNode.insertBefore(key, box.nextSibling);

    function setGrouping(mode) {
      group.value = mode;
      if (!mode) { groupOf = null; timeline.setGroups(null); refresh(); return; }
      var list = mode === "country"
        ? countries.map(function (c, i) { return { id: i, content: el("span", null, c[1]), order: i }; })
        : types.map(function (t, i) { var s = el("span"); s.appendChild(typeMark(i)); s.appendChild(document.createTextNode(" " + t[1])); return { id: i, content: s, order: i }; });
      if (mode === "country") list.push({ id: -1, content: el("span", null, W.no_country), order: countries.length });
      groupOf = mode === "country" ? function (i) { return countryOf(events[i]); } : function (i) { return events[i][4]; };
      timeline.setGroups(new vis.DataSet(list));
      refresh();
    }
    group.addEventListener("change", function () { setGrouping(group.value); saveState(); });

    /* ------------------------------------------------------------ the selected event */
    var selected = null;
    function show(id) {
      var i = byId[id];
      detail.textContent = "";
      if (i === undefined) { detail.hidden = true; selected = null; return; }
      selected = id;
      var e = events[i];
      var what = el("p", "marsad-tl-what");
      what.appendChild(typeMark(e[4]));
      what.appendChild(el("strong", null, " " + (types[e[4]] ? types[e[4]][1] : "")));
      if (e[7]) what.appendChild(el("span", "marsad-future-mark", W.future));
      var time = el("time", "marsad-when", e[8]);
      time.setAttribute("datetime", e[1]);
      what.appendChild(time);  /* on a line of its own (.marsad-when) */
      detail.appendChild(what);
      var where = el("ul", "marsad-tl-places");
      e[5].forEach(function (p) {
        var place = places[p];
        if (!place) return;
        var li = el("li");
        li.appendChild(el("span", "marsad-tl-place", place[1] + (place[2] >= 0 && countries[place[2]] ? " · " + countries[place[2]][1] : "")));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(link(W.on_map, cfg.mapUrl + "#" + hashOf({ place: place[0], event: e[0] }), "marsad-tl-map-link"));
        where.appendChild(li);
      });
      detail.appendChild(where);
      detail.appendChild(link(W.month_page, cfg.root + pages[e[6]] + "#e-" + e[0], "marsad-tl-month-link"));
      detail.hidden = false;
    }
    timeline.on("select", function (props) {
      var id = props.items.length ? props.items[0] : null;
      if (id && items.get(id) && items.get(id).count) { timeline.setSelection(selected ? [selected] : []); return; }
      show(id);
      saveState();
    });

    /* ------------------------------------------------------------ state in the URL */
    function windowDays() {
      var w = timeline.getWindow();
      return { from: isoDay(w.start.valueOf()), to: isoDay(Math.max(w.start.valueOf(), w.end.valueOf() - 1)) };
    }
    function saveState() {
      var w = windowDays();
      var params = { from: w.from, to: w.to, event: selected || "", group: group.value };
      history.replaceState(null, "", "#" + hashOf(params));
      onMap.href = cfg.mapUrl + "#" + hashOf({ from: w.from, to: w.to, event: selected || "" });
      var n = 0, lo = w.from, hi = w.to;
      for (var i = 0; i < events.length; i++) if (events[i][2] >= lo && events[i][1] <= hi) n++;
      counter.textContent = W.shown_count.replace("{count}", count(n, "event"));
      counter.setAttribute("data-count", String(n));
    }
    timeline.on("rangechanged", function () { refresh(); saveState(); });

    function apply(params, focus) {
      if (params.group !== undefined && params.group !== group.value && (params.group === "" || params.group === "country" || params.group === "type")) setGrouping(params.group);
      var hasWindow = validDay(params.from) && validDay(params.to) && utc(params.to) >= utc(params.from);
      if (hasWindow) timeline.setWindow(utc(params.from), utc(params.to) + DAY, { animation: false });
      if (params.event && byId[params.event] !== undefined) {
        show(params.event);
        if (focus && !hasWindow) {
          var i = byId[params.event], half = Math.max(15 * DAY, (ends[i] - starts[i]) * 2);
          timeline.setWindow(starts[i] - half, ends[i] + half, { animation: false });
        }
        refresh();
        timeline.setSelection([params.event]);
      } else {
        show(null);
      }
    }
    if (state.group === "country" || state.group === "type") setGrouping(state.group); else refresh();
    apply({ event: state.event }, true);
    window.addEventListener("hashchange", function () { apply(hashParams(), true); saveState(); });

    var ready = false;
    timeline.on("changed", function () {
      if (ready) return;
      ready = true;
      saveState();
      box.setAttribute("data-marsad-ready", "1");
    });
  }
})();
