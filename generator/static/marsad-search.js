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
  var SNIPPET = 30; // words of the article's text around its hits
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
        return pagefind.options({ baseUrl: siteRoot }).then(function () {
          return pagefind.init();
        }).then(function () {
          /* A large site's index is in parts (search.py: PART_PAGES): merged here, each
           * fetching only the chunks a query needs. */
          return fetch(new URL("marsad-parts.json", bundle).href)
            .then(function (r) { return r.ok ? r.json() : []; })
            .then(function (parts) {
              return Promise.all(parts.map(function (part) {
                return pagefind.mergeIndex(new URL(part, bundle).href, { baseUrl: siteRoot });
              }));
            });
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

  /* The words of a result and where the query's words are among them. Pagefind gives the
   * page's indexed text (the title, then the article's text) as raw text, and the places of
   * the hits as word positions in it: the snippet is made here, from text nodes and <mark>
   * elements only, out of the article's text (not its title again), around its best hits. */
  function parts(data) {
    var words = (data.content || "").split(/\s+/).filter(Boolean);
    var titleWords = ((data.meta && data.meta.title) || "").split(/\s+/).filter(Boolean).length;
    var scores = {};
    (data.weighted_locations || []).forEach(function (w) { scores[w.location] = Math.max(scores[w.location] || 0, w.balanced_score || 1); });
    (data.locations || []).forEach(function (l) { if (!(l in scores)) scores[l] = 1; });
    var hits = Object.keys(scores).map(Number).sort(function (a, b) { return a - b; });
    return { words: words, titleWords: Math.min(titleWords, words.length), scores: scores, hits: hits };
  }

  /* The window of SNIPPET words of the text with the highest score of hits in it. */
  function snippetOf(info) {
    var first = info.titleWords, last = info.words.length;
    var best = { start: first, score: 0, hit: null };
    info.hits.forEach(function (h) {
      if (h < first) return;
      var start = Math.max(first, Math.min(h - Math.floor(SNIPPET / 3), last - SNIPPET));
      var score = 0;
      info.hits.forEach(function (o) { if (o >= start && o < start + SNIPPET) score += info.scores[o]; });
      if (score > best.score) best = { start: start, score: score, hit: h };
    });
    return { start: best.start, end: Math.min(last, best.start + SNIPPET), hit: best.hit };
  }

  /* words[from..to) as text, the hits among them (by their place in the page's words) in
   * <mark>; "…" where the article's text goes on before or after. */
  function marked(tag, cls, info, words, from, to, ellipsis) {
    var e = el(tag, cls), text = "";
    function flush() { if (text) { e.appendChild(document.createTextNode(text)); text = ""; } }
    if (ellipsis && from > info.titleWords) text += "… ";
    for (var i = from; i < to; i++) {
      if (i > from) text += " ";
      if (i in info.scores) {
        flush();
        e.appendChild(el("mark", null, words[i]));
      } else {
        text += words[i];
      }
    }
    if (ellipsis && to < words.length) text += " …";
    flush();
    return e;
  }

  /* The result links to the part of the article where its snippet is: the last section
   * anchor of the text (t-2, t-3 ...) before the snippet's best hit. */
  function target(data, hit) {
    var anchor = null;
    if (hit !== null) {
      (data.anchors || []).forEach(function (a) {
        if (/^t-\d+$/.test(a.id) && a.location <= hit) anchor = a.id;
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
    var info = parts(data);
    var snippet = snippetOf(info);
    var li = el("li", "md-search-result__item");
    var a = el("a", "md-search-result__link");
    a.href = target(data, snippet.hit);
    var article = el("article", "md-search-result__article md-typeset");
    var title = (meta.title || "").split(/\s+/).filter(Boolean);  // the page's first words, without the "." Pagefind ends a heading with
    article.appendChild(title.length ? marked("h1", null, info, title, 0, title.length, false) : el("h1", null, data.url));
    var facts = el("p", "marsad-search-facts");
    if (meta.date) facts.appendChild(fact(words.published, meta.date));
    if (meta.outlet) facts.appendChild(fact(words.source, meta.outlet, "auto"));
    if (meta.places) {
      var names = meta.places.split(PLACES_SEPARATOR);
      facts.appendChild(fact(words.places, names.slice(0, PLACES_SHOWN).join(PLACES_SEPARATOR) + (names.length > PLACES_SHOWN ? "…" : "")));
    }
    if (facts.childNodes.length) article.appendChild(facts);
    article.appendChild(marked("p", "marsad-search-excerpt", info, info.words, snippet.start, snippet.end, true));
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
