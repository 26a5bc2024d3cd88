// The search page (/search/, generator/facets.py): words, narrowed by the actor named, its type, the year or month,
// the source, a tag and an author, sorted by relevance or date, through Pagefind's JavaScript API. The choices come
// from the page's address (?q=…&actor=<slug>&type=…&year=…&month=YYYY-MM&source=…&tag=<slug>&author=<slug>
// &sort=newest|oldest), so an actor, date, tag or author page can open the page narrowed, and a reader can keep or
// share a search; the address follows the form. A choice the form does not list (an actor, a month, a tag or an
// author of an archive with too many to list) is shown as a chip, named by the parameter LABELS gives it.
// A query downloads only the filter indexes it narrows by, and in a big archive's split index, narrowed or sorted,
// only the articles' bundles (bundlePaths), and of those, narrowed to a year or a month, the ones holding it (holding); narrowed without words, the page of a big archive waits for words (listsWithoutWords). Nothing from the index becomes markup: titles are
// text, and an excerpt's only elements are the <mark>s of Pagefind's matches, rebuilt as text and <mark>s.
(function () {
  var root = new URL("../../", document.currentScript.src).pathname;
  var PAGE_SIZE = 10;
  var FILTERS = ["actor", "type", "year", "month", "source", "tag", "author"];
  // For a choice made by the address alone: the parameter carrying its name, and the words its chip reads (say).
  var LABELS = {
    actor: ["name", "Naming"],
    tag: ["tag-name", "Tagged"],
    author: ["author-name", "By"],
    month: [null, "Month"],
  };
  var ACTOR_SHARDS = 64;

  // The filter an actor's slug is a value of (generator/facets.py, actor_filter): FNV-1a of the slug, by shard.
  function actorFilter(slug) {
    var value = 0x811c9dc5;
    for (var byte of new TextEncoder().encode(slug)) value = Math.imul(value ^ byte, 0x01000193) >>> 0;
    var shard = value % ACTOR_SHARDS;
    return "actor-" + (shard < 10 ? "0" : "") + shard;
  }

  // The bundles a search asks (bundlePaths): a big archive's index is several (generator/search.py, SearchIndex), the articles'
  // in pagefind/ (and, past its number, pagefind/articles-2/ and on) and every other page in pagefind/others/, the
  // bundles' list (search.js, bundles) naming those after the first. Narrowed or sorted, a search can only find
  // articles (only they carry filters and a date), so it asks their bundles alone and never downloads the others'
  // metadata, which grows with the number of actors; words alone ask them all, as the header box does.
  function bundlePaths(narrowed, layout) {
    var all = [root + "pagefind/"].concat((layout.merge || []).map(function (folder) { return root + "pagefind/" + folder; }));
    return narrowed ? all.filter(window.annalsSearch.ofArticles) : all;
  }

  // The articles' bundles hold them by date (oldest first), and the bundles' list has the months of each one's
  // articles: narrowed to a year or a month, a search asks only the bundles holding articles of it, so what it
  // downloads does not grow with the number of bundles.
  function holding(paths, filters, layout) {
    var year = (filters.year || [])[0];
    var month = (filters.month || [])[0];
    if ((!year && !month) || !Array.isArray(layout.months)) return paths;
    var asked = paths.filter(function (path) {
      var part = window.annalsSearch.partOf(path);
      var months = part ? layout.months[part - 1] : null;
      return !Array.isArray(months) || months.some(function (m) {
        return (!year || m.slice(0, 5) === year + "-") && (!month || m === month);
      });
    });
    return asked.length ? asked : paths.slice(0, 1);  // none holds it: one bundle answers that nothing matches
  }

  // Articles in more than one bundle each carry the filter `part`, their bundle's number (search.py, PART_FILTER).
  // Sorted by date, Pagefind ranks each bundle's results apart and orders the merged ones by that rank, so a sorted
  // search asks each bundle in turn (by its part) and `listed` merges the answers by date.
  function parts(paths) {
    var numbers = paths.map(window.annalsSearch.partOf).filter(Boolean);
    return numbers.length > 1 ? numbers.map(String) : [];
  }

  // Whether a search without words may list the articles narrowed to. Pagefind 1.5 fetches every chunk of the
  // words' index for a search without words (search(null, …)), whatever the filters (2 MB at 1,000 articles,
  // 9.4 MB at 10,000; fixed upstream after 1.5.2): only a small archive's page (data-lists-without-words,
  // generator/facets.py) lists them; any other, and a split index, only searches once words are typed, and until
  // then the page shows what it is narrowed to and asks for words.
  function listsWithoutWords() {
    var page = document.querySelector("[data-annals-search]");
    return page.hasAttribute("data-lists-without-words") && !document.querySelector("pagefind-searchbox[data-split]");
  }

  // A Pagefind searching the bundles merged (window.annalsSearch, search.js), made with the last bundle's own
  // pagefind.js: the page may hold two (articles alone, then all), and two instances of one module in one realm
  // (the page, or Pagefind's worker, where the header box's instance runs) share its WebAssembly memory and
  // overwrite each other's. The page's searches run in the page, never in the worker, for that reason. The
  // articles' bundle stays the instance's own: Pagefind skips merging a bundle whose path begins the instance's
  // (pagefind/ of pagefind/others/). Articles in another language than the site's are searched in their
  // language's index, each by an instance of its own.
  function source(paths) {
    return window.annalsSearch.open(paths, paths[paths.length - 1] + "pagefind.js", { baseUrl: root, noWorker: true });
  }

  function chosen(form) {
    var filters = {};
    FILTERS.forEach(function (name) {
      var value = (form.elements[name].value || "").trim();
      if (value) filters[name === "actor" ? actorFilter(value) : name] = [value];
    });
    return { q: form.elements.q.value.trim(), filters: filters, sort: form.elements.sort.value };
  }

  function fromAddress(form) {
    var params = new URLSearchParams(location.search);
    ["q", "sort"].concat(FILTERS).forEach(function (name) {
      var field = form.elements[name];
      var value = params.get(name) || "";
      if (field.tagName === "SELECT" && value && ![].some.call(field.options, function (o) { return o.value === value; })) value = "";
      field.value = value;
    });
  }

  function toAddress(form) {
    var params = new URLSearchParams();
    ["q"].concat(FILTERS, ["sort"]).forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    });
    var given = new URLSearchParams(location.search);
    Object.keys(LABELS).forEach(function (filter) {
      var label = LABELS[filter][0];
      if (label && given.get(label) && form.elements[filter].value) params.set(label, given.get(label));
    });
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : ""));
  }

  function dateOf(url) {
    var found = /\/articles\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(url);
    return found ? found[1] + "-" + found[2] + "-" + found[3] : "";
  }

  // The results of each language's index (one answer per language, in Pagefind's order) as one list, their data
  // loaded one at a time as they are shown: by score, or when sorted by date (`order`), by the date of each
  // answer's next article, which is known once its data is loaded.
  function listed(answers, order) {
    var lists = answers.map(function (answer) { return { results: answer.results.slice(), next: null }; });
    var byScore = lists.length === 1 ? lists[0].results : [].concat.apply([], lists.map(function (list) { return list.results; }));
    if (lists.length > 1) byScore.sort(function (a, b) { return b.score - a.score; });
    return {
      total: byScore.length,
      next: async function () {
        if (!order || lists.length === 1) return byScore.length ? byScore.shift().data() : null;
        for (var list of lists) if (!list.next && list.results.length) list.next = await list.results.shift().data();
        var waiting = lists.filter(function (list) { return list.next; });
        if (!waiting.length) return null;
        var chosen = waiting.reduce(function (best, list) {
          var a = dateOf(list.next.url), b = dateOf(best.next.url);
          return (order === "oldest" ? a < b : a > b) ? list : best;
        });
        var data = chosen.next;
        chosen.next = null;
        return data;
      },
    };
  }

  // Pagefind's excerpt is HTML it escaped itself, with <mark> around matches; it is read in an inert document and
  // only its text and marks are copied, so nothing else from the index can become an element.
  function excerptNode(excerpt) {
    var paragraph = document.createElement("p");
    var parsed = new DOMParser().parseFromString("<body>" + excerpt, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    item.appendChild(link);
    var date = dateOf(data.url);
    if (date) {
      var time = document.createElement("time");
      time.dateTime = date;
      time.textContent = " " + date;
      item.appendChild(time);
    }
    item.appendChild(excerptNode(data.excerpt || ""));
    return item;
  }

  // The page's words, in the site's language (generator/templates/search.md.j2), with {name}-like places filled.
  function say(name, values) {
    var page = document.querySelector("[data-annals-search]");
    var text = (page && page.dataset["say" + name]) || "";
    Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
    return text;
  }

  function chip(list, label, onRemove) {
    var item = document.createElement("li");
    item.appendChild(document.createTextNode(label + " "));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "annals-search-remove";
    button.setAttribute("aria-label", say("Remove", { label: label }));
    button.textContent = "×";
    button.addEventListener("click", onRemove);
    item.appendChild(button);
    list.appendChild(item);
  }

  function start(page) {
    var form = page.querySelector("form");
    var status = page.querySelector(".annals-search-status");
    var list = page.querySelector(".annals-search-results");
    var more = page.querySelector(".annals-search-more");
    var chips = page.querySelector(".annals-search-chosen");
    var asked = 0;
    var current = null;

    function showChips() {
      chips.textContent = "";
      Object.keys(LABELS).forEach(function (filter) {
        var field = form.elements[filter];
        if (field.type !== "hidden" || !field.value) return;
        // The name, when the link that opened the page gave it; else the value (a slug names it too). A name
        // comes HTML-escaped, as a page's title is kept: it is read as text from an inert document.
        var given = LABELS[filter][0] && new URLSearchParams(location.search).get(LABELS[filter][0]);
        var name = given ? new DOMParser().parseFromString(given, "text/html").body.textContent : field.value;
        chip(chips, say(LABELS[filter][1], { name: name }), function () { field.value = ""; run(); });
      });
      chips.hidden = !chips.children.length;
    }

    async function showMore(number) {
      for (var n = 0; n < PAGE_SIZE; n++) {
        var data = await current.next();
        if (number !== asked) return;
        if (!data) break;
        list.appendChild(resultItem(data));
      }
      more.hidden = list.children.length >= current.total;
    }

    async function run() {
      var number = ++asked;
      toAddress(form);
      showChips();
      var choice = chosen(form);
      list.textContent = "";
      more.hidden = true;
      if (!choice.q && !Object.keys(choice.filters).length) {
        page.removeAttribute("data-state");
        status.textContent = say("Prompt");
        return;
      }
      if (!choice.q && !listsWithoutWords()) {
        page.setAttribute("data-state", "words");
        status.textContent = say("Narrowed");
        return;
      }
      page.setAttribute("data-state", "searching");
      status.textContent = say("Searching");
      // Without words, the articles narrowed to are shown newest first.
      var order = choice.sort || (choice.q ? "" : "newest");
      var options = { filters: choice.filters };
      if (order) options.sort = { date: order === "oldest" ? "asc" : "desc" };
      var layout = await window.annalsSearch.bundles();
      if (number !== asked) return;
      var paths = holding(bundlePaths(Boolean(order) || Object.keys(choice.filters).length > 0, layout), choice.filters, layout);
      var pagefind = await source(paths);
      var byPart = order ? parts(paths) : [];
      var answers = byPart.length
        ? [].concat.apply([], await Promise.all(byPart.map(function (part) {
          return pagefind.searchEach(choice.q || null, Object.assign({}, options, { filters: Object.assign({ part: [part] }, options.filters) }));
        })))
        : await pagefind.searchEach(choice.q || null, options);
      if (number !== asked) return;
      current = listed(answers, order);
      status.textContent = current.total === 1 ? say("One") : say("Many", { count: current.total });
      await showMore(number);
      if (number === asked) page.setAttribute("data-state", "done");
    }

    fromAddress(form);
    var typing = null;
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    form.addEventListener("change", function (event) { if (event.target.name !== "q") run(); });
    form.elements.q.addEventListener("input", function () { clearTimeout(typing); typing = setTimeout(run, 300); });
    more.addEventListener("click", function () { showMore(asked); });
    run();
  }

  function startOnPage() {
    var page = document.querySelector("[data-annals-search]");
    if (page && !page.dataset.started) {
      page.dataset.started = "true";
      start(page);
    }
  }
  // Material's instant navigation swaps pages without loading them: document$ says when a page is in place.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(startOnPage);
  else document.addEventListener("DOMContentLoaded", startOnPage);
})();
