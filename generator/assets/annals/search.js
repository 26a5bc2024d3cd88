// Pagefind's search box (generator/search.py). Its result links are paths from the site's root, which is two
// folders above this script wherever the site is served (a GitHub Pages project site, `mkdocs serve`, any file
// server), so the root is taken from this script's own address, never assumed to be "/". This runs before
// pagefind-component-ui.js, whose components read the <pagefind-config> when they start, and before facets.js,
// which opens its Pagefind through window.annalsSearch, as the box does.
(function () {
  var root = new URL("../../", document.currentScript.src).pathname;
  var first = root + "pagefind/";
  var config = document.createElement("pagefind-config");
  config.setAttribute("base-url", root);
  config.setAttribute("bundle-path", first);
  document.body.appendChild(config);
  var box = document.querySelector("pagefind-searchbox");
  // A big archive's index is several bundles (generator/search.py, SearchIndex): the articles in pagefind/ and,
  // past its number, in pagefind/articles-2/ and on, every other page in pagefind/others/ (the less named actors'
  // in pagefind/others-2/ and on, search.py FEWER). data-split says so, and
  // pagefind/annals-bundles.json (search.py, BUNDLES_FILE) names the bundles after the first ('merge'), the months
  // of each bundle of articles ('months') and, in more than one language, the languages of each ('languages': a
  // language is searched only in the bundles holding it; Pagefind would answer it from another language's index
  // of a bundle without it). Pagefind indexes each article in its language, the other pages in the site's
  // (search.py, search_language): data-languages names the articles' languages when one is not the site's
  // (data-language), and is absent on a site in one language, which loads Pagefind as it always has.
  var split = Boolean(box && box.hasAttribute("data-split"));
  var languages = box && box.dataset.languages ? box.dataset.languages.split(" ") : [];
  var siteLanguage = (box && box.dataset.language) || "";
  var opened = {};
  var known = null;

  // The bundles' list, loaded once (revalidated, so a rebuilt site is never read with an older list); {} for an
  // index in one bundle. A list that fails to load is asked for again at the next search.
  function bundles() {
    if (!known) {
      known = !split ? Promise.resolve({}) : fetch(first + "annals-bundles.json", { cache: "no-cache" })
        .then(function (response) {
          if (!response.ok) throw new Error("annals-bundles.json: " + response.status);
          return response.json();
        })
        .catch(function (error) {
          known = null;
          throw error;
        });
    }
    return known;
  }

  // The number of the articles' bundle at `path` (1 for the first), 0 for the other pages'.
  function partOf(path) {
    if (path === first) return 1;
    var found = /\/articles-([0-9]+)\/$/.exec(path);
    return found ? Number(found[1]) : 0;
  }

  // Whether the bundle at `path` holds articles.
  function ofArticles(path) {
    return partOf(path) > 0;
  }

  // The languages a bundle's index holds (`layout`: the bundles' list).
  function held(path, layout) {
    var part = partOf(path);
    if (!part) return [siteLanguage];
    var own = (layout.languages || [])[part - 1] || languages;
    return split ? own : own.concat([siteLanguage]);
  }

  // Pagefind 1.5.2's createInstance takes the language of the index it loads from the page's <html lang> (it
  // overrides a `language` option), so the page says `language` while the instance is made, which reads it at once.
  function inLanguage(language, make) {
    var html = document.documentElement;
    var was = html.getAttribute("lang");
    html.setAttribute("lang", language);
    try {
      return make();
    } finally {
      if (was === null) html.removeAttribute("lang");
      else html.setAttribute("lang", was);
    }
  }

  // One Pagefind searching the bundles `paths` merged, made by the module at `moduleUrl`, in `language` (the
  // page's when not given).
  async function instance(moduleUrl, paths, options, language) {
    var module = await import(moduleUrl);
    var make = function () { return module.createInstance(Object.assign({}, options, { basePath: paths[0] })); };
    var pagefind = language ? inLanguage(language, make) : make();
    for (var other of paths.slice(1)) await pagefind.mergeIndex(other, { baseUrl: root });
    return pagefind;
  }

  // Pagefind's answers of several instances as one: results by score, filter counts added up.
  function addCounts(all) {
    var sum = {};
    all.forEach(function (filters) {
      Object.keys(filters || {}).forEach(function (name) {
        sum[name] = sum[name] || {};
        Object.keys(filters[name]).forEach(function (value) {
          sum[name][value] = (sum[name][value] || 0) + filters[name][value];
        });
      });
    });
    return sum;
  }

  function merged(answers) {
    if (answers.length === 1) return answers[0];
    return {
      results: [].concat.apply([], answers.map(function (a) { return a.results; })).sort(function (a, b) { return b.score - a.score; }),
      unfilteredResultCount: answers.reduce(function (sum, a) { return sum + (a.unfilteredResultCount || 0); }, 0),
      filters: addCounts(answers.map(function (a) { return a.filters; })),
      totalFilters: addCounts(answers.map(function (a) { return a.totalFilters; })),
    };
  }

  // What Pagefind's components and facets.js call on a Pagefind, fanned out to one instance per language.
  function facade(instances) {
    return {
      searchEach: async function (term, options) {
        var answers = await Promise.all(instances.map(function (p) { return p.search(term, options); }));
        return answers.filter(Boolean);
      },
      search: async function (term, options) {
        return merged(await this.searchEach(term, options));
      },
      preload: function (term, options) {
        return Promise.all(instances.map(function (p) { return p.preload(term, options); }));
      },
      filters: async function () {
        return addCounts(await Promise.all(instances.map(function (p) { return p.filters(); })));
      },
      options: function (options) {
        return Promise.all(instances.map(function (p) { return p.options(options); }));
      },
    };
  }

  // One instance per module, bundles, options and language, made at its first search and kept.
  function kept(moduleUrl, paths, options, language) {
    var key = [moduleUrl, JSON.stringify(options), language || ""].concat(paths).join(" ");
    if (!opened[key]) opened[key] = instance(moduleUrl, paths, options, language);
    return opened[key];
  }

  // A search over the bundles `paths` (the articles' first): the site's language by the module at `moduleUrl`, as
  // before; each other language of the articles by an instance of its own, which loads its language's index and
  // WebAssembly (its stemmer) from a copy of pagefind.js of its own: the instances of one module in one realm share
  // its WebAssembly, so two languages from one module would overwrite each other's. Those run in the page (noWorker)
  // and are shared by the box and the search page; `variant`, when given, makes the copies of its own set of
  // bundles (the box's newest or older ones) distinct modules too.
  async function open(paths, moduleUrl, options, variant) {
    if (!languages.length) return facade([await kept(moduleUrl, paths, options)]);
    var layout = await bundles();
    var made = [];
    var site = paths.filter(function (path) { return held(path, layout).indexOf(siteLanguage) >= 0; });
    if (site.length) made.push(kept(moduleUrl, site, options));
    var articles = paths.filter(ofArticles);
    languages.forEach(function (language) {
      var holding = articles.filter(function (path) { return held(path, layout).indexOf(language) >= 0; });
      if (language === siteLanguage || !holding.length) return;
      var own = first + "pagefind.js?language=" + encodeURIComponent(language) + (variant ? "&" + variant : "");
      made.push(kept(own, holding, Object.assign({}, options, { noWorker: true }), language));
    });
    return facade(await Promise.all(made));
  }
  window.annalsSearch = { open: open, bundles: bundles, ofArticles: ofArticles, partOf: partOf };

  // The box's results a query must have among the newest articles and the other pages before the older articles'
  // bundles are left unasked: a screenful, as the search page shows (facets.js, PAGE_SIZE).
  var ENOUGH = 10;

  // The box's Pagefind over a big archive's bundles in two steps: `near` (the newest articles' bundle and the one
  // of the most named actors and the other pages) answers first, and the older articles' bundles and the less
  // named actors' (`older`, opened at the first query that needs them) are asked only when it has fewer than
  // ENOUGH results. Every bundle asked fetches its
  // metadata, which lists its pages, and a chunk of its index for each word, so asking them all grows with the
  // archive (1.3 MB for a name at 30,000 articles); the newest and the actors are what the box is for, and the
  // search page (facets.js) asks every bundle. Answered from both, the results are merged by score as one
  // Pagefind would, in one answer: the list is never drawn twice.
  function staged(near, older) {
    var far = null;
    function farther() {
      if (!far) {
        far = older().catch(function (error) {
          far = null;
          throw error;
        });
      }
      return far;
    }
    return {
      search: async function (term, options) {
        var answers = await near.searchEach(term, options);
        var found = answers.reduce(function (sum, a) { return sum + a.results.length; }, 0);
        if (!term || found >= ENOUGH) return merged(answers);
        return merged(answers.concat(await (await farther()).searchEach(term, options)));
      },
      // The one other call Pagefind 1.5's components make on their instance; the box offers no filters: near's.
      filters: near.filters,
    };
  }

  // The components load their instance at the first search, after this has run: the scripts have all run by
  // DOMContentLoaded. The box offers no filters, but Pagefind 1.5's components load every filter index of every
  // bundle as they start (to list filters the box would offer), and the article records carry filters
  // (generator/facets.py): the actors' index alone grows with the archive. This loads the bundles as the
  // components do, less that.
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.PagefindComponents) return;
    var manager = window.PagefindComponents.getInstanceManager().getInstance("default");
    manager.__doLoad__ = async function () {
      var later = (await bundles()).merge || [];
      var paths = [this.options.bundlePath].concat(later.map(function (folder) { return first + folder; }));
      var options = this.pagefindOptions || {};
      var articles = paths.filter(ofArticles);
      var newest = articles[articles.length - 1];
      var near = [newest, first + "others/"];
      // The older articles' bundles (pagefind/ first, when it is one), then the less named actors' (others-2/, …).
      var older = paths.filter(function (path) { return near.indexOf(path) < 0; });
      if (!older.length) {
        this.__pagefind__ = await open(paths, this.options.bundlePath + "pagefind.js", options);
        return;
      }
      // The newest articles' bundle is the instance's own (Pagefind skips merging a bundle whose path begins the
      // instance's, and pagefind/ begins every other). Each instance is made by a module of its own, as two
      // instances of one module in one realm share its WebAssembly (the search page's is the last bundle's
      // pagefind.js, facets.js). The near bundles are small whatever the archive, so they are searched in the
      // page, without Pagefind's worker and its script (41 kB); the older ones in a worker, as one bundle was.
      var inPage = Object.assign({}, options, { noWorker: true });
      this.__pagefind__ = staged(await open(near, first + "pagefind.js?box", inPage, "newest"), function () {
        return open(older, first + "pagefind.js?older", options, "older");
      });
    };
  });
  // The field the component renders has only a placeholder; give it a name of its own (data-label), again each
  // time the component renders it anew.
  document.querySelectorAll("pagefind-searchbox[data-label]").forEach(function (box) {
    new MutationObserver(function () {
      var input = box.querySelector("input");
      if (input && input.getAttribute("aria-label") !== box.dataset.label) input.setAttribute("aria-label", box.dataset.label);
    }).observe(box, { childList: true, subtree: true });
  });
})();
