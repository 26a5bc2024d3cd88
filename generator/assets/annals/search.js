// Pagefind's search box (generator/search.py). Its result links are paths from the site's root, which is two
// folders above this script wherever the site is served (a GitHub Pages project site, `mkdocs serve`, any file
// server), so the root is taken from this script's own address, never assumed to be "/". This runs before
// pagefind-component-ui.js, whose components read the <pagefind-config> when they start.
(function () {
  var root = new URL("../../", document.currentScript.src).pathname;
  var config = document.createElement("pagefind-config");
  config.setAttribute("base-url", root);
  config.setAttribute("bundle-path", root + "pagefind/");
  document.body.appendChild(config);
  // A big archive's index is two bundles (generator/search.py, SearchIndex): the second, named by the box's
  // data-merge, joins the first in every search. The components load their instance at the first search, after
  // this has run: the scripts have all run by DOMContentLoaded.
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.PagefindComponents) return;
    var instance = window.PagefindComponents.getInstanceManager().getInstance("default");
    var box = document.querySelector("pagefind-searchbox[data-merge]");
    if (box) instance.options.mergeIndex = [{ bundlePath: root + "pagefind/" + box.dataset.merge, baseUrl: root }];
    // The box offers no filters, but Pagefind 1.5's components load every filter index of every bundle as they
    // start (to list filters the box would offer), and the article records carry filters (generator/facets.py):
    // the actors' index alone grows with the archive. This loads the bundles as the components do, less that.
    instance.__doLoad__ = async function () {
      var module = await import(this.options.bundlePath + "pagefind.js");
      var pagefind = module.createInstance(this.pagefindOptions || {});
      for (var merge of this.options.mergeIndex) await pagefind.mergeIndex(merge.bundlePath, { baseUrl: merge.baseUrl });
      this.__pagefind__ = pagefind;
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
