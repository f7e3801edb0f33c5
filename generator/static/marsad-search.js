/* Marsad's site search: the box in Material's header (partials/marsad-search.html),
 * answered from Pagefind's index of the article pages (pagefind/, built with the site).
 *
 * Nothing is fetched before the box is used: focusing it (or "/", "s", "f", or the header's
 * button on a phone) imports pagefind.js, and each query then fetches the few index chunks
 * and result fragments it needs. Results are drawn with Material's classes: title, date,
 * outlet, places, and a snippet with the words found marked. Keys: "/" "s" "f" open the
 * search, Escape closes it, the arrows move between the box and the results.
 *
 * The element says what it is doing, for the browser tests: data-marsad-search="idle |
 * loading | ready | failed", and data-marsad-query the query whose results are drawn.
 */
(function () {
  "use strict";
  var root = document.querySelector(".marsad-search");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector(".md-search__form");
  var status = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var words = JSON.parse(root.getAttribute("data-marsad-words") || "{}");
  var bundle = new URL(root.getAttribute("data-marsad-bundle"), document.baseURI);
  var siteRoot = new URL("../", bundle).pathname; // result URLs are relative to the site's root
  var PAGE = 10; // results drawn at a time
  var DEBOUNCE = 150; // ms after the last key before a query runs
  var PLACES_SHOWN = 5; // the places an article names first
  var PLACES_SEPARATOR = "\u060c "; // the Arabic comma, as labels.NAMES_SEPARATOR joins them
  var loading = null, ticket = 0, timer = 0, results = [], drawn = 0, shownQuery = "";

  root.setAttribute("data-marsad-search", "idle");

  function countOf(n) {
    var forms = words.counts || [];
    var i = n === 0 ? 0 : n === 1 ? 1 : n === 2 ? 2 : (n % 100 >= 3 && n % 100 <= 10) ? 3 : (n % 100 >= 11) ? 4 : 5;
    return (forms[i] || "{n}").replace("{n}", String(n));
  }

  function say(text) { status.textContent = text; }

  function load() {
    if (!loading) {
      root.setAttribute("data-marsad-search", "loading");
      loading = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: siteRoot, excerptLength: 26 }).then(function () {
          return pagefind.init();
        }).then(function () {
          root.setAttribute("data-marsad-search", "ready");
          return pagefind;
        });
      });
      loading.catch(function () {
        root.setAttribute("data-marsad-search", "failed");
        say(words.failed);
      });
    }
    return loading;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* Pagefind's excerpt is the page's text with entities escaped and the hits in <mark>:
   * rebuilt here from text nodes and <mark> elements only, whatever it holds. */
  function excerpt(html) {
    var p = el("p", "marsad-search-excerpt");
    var parse = document.createElement("template");
    html.split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      parse.innerHTML = part;
      var text = parse.content.textContent;
      if (text) p.appendChild(inMark ? el("mark", null, text) : document.createTextNode(text));
      return inMark;
    }, false);
    return p;
  }

  /* The result links to the part of the article where it matched best: the last section
   * anchor of the text (t-2, t-3 ...) before that word. */
  function target(data) {
    var best = null;
    (data.weighted_locations || []).forEach(function (w) {
      if (!best || w.balanced_score > best.balanced_score) best = w;
    });
    var anchor = null;
    if (best) {
      (data.anchors || []).forEach(function (a) {
        if (/^t-\d+$/.test(a.id) && a.location <= best.location) anchor = a.id;
      });
    }
    return data.url + (anchor ? "#" + anchor : "");
  }

  function fact(label, value, dir) {
    var span = el("span", "marsad-search-fact");
    span.appendChild(el("span", "marsad-search-label", label + ": "));
    var v = el("span", null, value);
    if (dir) v.setAttribute("dir", dir);
    span.appendChild(v);
    return span;
  }

  function item(data) {
    var meta = data.meta || {};
    var li = el("li", "md-search-result__item");
    var a = el("a", "md-search-result__link");
    a.href = target(data);
    var article = el("article", "md-search-result__article md-typeset");
    article.appendChild(el("h1", null, meta.title || data.url));
    var facts = el("p", "marsad-search-facts");
    if (meta.date) facts.appendChild(fact(words.published, meta.date));
    if (meta.outlet) facts.appendChild(fact(words.source, meta.outlet, "auto"));
    if (meta.places) {
      var names = meta.places.split(PLACES_SEPARATOR);
      facts.appendChild(fact(words.places, names.slice(0, PLACES_SHOWN).join(PLACES_SEPARATOR) + (names.length > PLACES_SHOWN ? "…" : "")));
    }
    if (facts.childNodes.length) article.appendChild(facts);
    article.appendChild(excerpt(data.excerpt || ""));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function drawMore(mine, query) {
    var batch = results.slice(drawn, drawn + PAGE);
    drawn += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
      if (mine !== ticket) return;
      var more = list.querySelector(".marsad-search-more");
      if (more) more.remove();
      data.forEach(function (d) { list.appendChild(item(d)); });
      if (drawn < results.length) {
        var li = el("li", "md-search-result__item marsad-search-more");
        var button = el("button", "md-button", words.more);
        button.type = "button";
        button.addEventListener("click", function () {
          var next = li.previousElementSibling;
          drawMore(mine, query).then(function () {
            var first = next && next.nextElementSibling && next.nextElementSibling.querySelector("a");
            if (first) first.focus();
          });
        });
        li.appendChild(button);
        list.appendChild(li);
      }
      shownQuery = query;
      root.setAttribute("data-marsad-query", query);
    });
  }

  function run() {
    var query = input.value.trim();
    var mine = ++ticket;
    if (!query) {
      results = []; drawn = 0; list.textContent = ""; shownQuery = "";
      root.removeAttribute("data-marsad-query");
      say(words.initial);
      return;
    }
    if (!shownQuery) say(root.getAttribute("data-marsad-search") === "ready" ? words.searching : words.loading);
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (search) {
      if (mine !== ticket || !search) return;
      results = search.results; drawn = 0;
      list.textContent = "";
      if (!results.length) {
        say(words.none.replace("{query}", query));
        shownQuery = query;
        root.setAttribute("data-marsad-query", query);
        return;
      }
      say(words.found.replace("{query}", query).replace("{count}", countOf(results.length)));
      return drawMore(mine, query);
    }).catch(function () {
      if (mine === ticket) say(words.failed);
    });
  }

  function open() {
    toggle.checked = true;
    input.focus();
    input.select();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  input.addEventListener("focus", function () {
    toggle.checked = true;
    load().catch(function () {});
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector(".md-search-result__link");
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus();
    else input.blur();
  });

  /* Keys as Material's search has them. */
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
    var active = document.activeElement;
    var typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
    if (!toggle.checked || !root.contains(active)) {
      if (!typing && (e.key === "/" || e.key === "s" || e.key === "f")) {
        e.preventDefault();
        open();
      }
      return;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      var stops = [input].concat(Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link, .marsad-search-more button")));
      var at = stops.indexOf(active);
      var next = stops[Math.max(0, Math.min(stops.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)))];
      if (next && next !== active) {
        e.preventDefault();
        next.focus();
        if (next !== input) next.scrollIntoView({ block: "nearest" });
      }
    }
  });
})();
