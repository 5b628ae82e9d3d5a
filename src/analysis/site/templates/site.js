// ai-voices site script: the only script of the site, served from reports/ (the pages' policy allows no other).
// It highlights a cited range of raw lines (#L114-L120), adds a "show all code" button and runs the search.
// It writes text only (textContent), never HTML.
(function () {
  "use strict";

  function highlightLines() {
    var match = /^#L(\d+)(?:-L(\d+))?$/.exec(window.location.hash);
    var old = document.querySelectorAll(".line.hl");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("hl"); }
    if (!match) { return; }
    var start = parseInt(match[1], 10), end = parseInt(match[2] || match[1], 10);
    for (var n = start; n <= end; n++) {
      var line = document.getElementById("L" + n);
      if (line) { line.classList.add("hl"); }
    }
    var first = document.getElementById("L" + start);
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  function codeToggle() {
    var button = document.getElementById("toggle-code");
    if (!button) { return; }
    var blocks = document.querySelectorAll("details.code-fold");
    button.hidden = blocks.length === 0;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-pressed") !== "true";
      for (var i = 0; i < blocks.length; i++) { blocks[i].open = open; }
      button.setAttribute("aria-pressed", open ? "true" : "false");
      button.textContent = open ? "隐藏代码 hide all code" : "显示代码 show all code";
    });
  }

  function navSearch() {
    var box = document.getElementById("nav-search");
    if (!box) { return; }
    box.hidden = false;
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && box.value.trim()) {
        window.location.href = box.getAttribute("data-target") + "?q=" + encodeURIComponent(box.value.trim());
      }
    });
  }

  function snippet(text, term) {
    var at = text.toLowerCase().indexOf(term);
    var from = Math.max(0, at - 60);
    return (from > 0 ? "…" : "") + text.slice(from, at + term.length + 100) + "…";
  }

  function runSearch(box, records, results, status) {
    var terms = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (!terms.length) { status.textContent = records.length + " sections indexed; type a word."; return; }
    var hits = 0;
    for (var i = 0; i < records.length; i++) {
      var text = records[i].textContent, lower = text.toLowerCase();
      if (!terms.every(function (t) { return lower.indexOf(t) >= 0; })) { continue; }
      hits++;
      var item = document.createElement("li"), link = document.createElement("a"), body = document.createElement("p");
      link.href = records[i].getAttribute("data-href");
      link.textContent = records[i].getAttribute("data-title");
      body.textContent = snippet(text, terms[0]);
      item.appendChild(link);
      item.appendChild(body);
      results.appendChild(item);
    }
    status.textContent = hits + " section(s) found for “" + terms.join(" ") + "”";
  }

  function search() {
    var box = document.getElementById("search-box");
    if (!box) { return; }
    var records = document.querySelectorAll("#search-data article");
    var results = document.getElementById("search-results"), status = document.getElementById("search-status");
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) { box.value = query; }
    box.addEventListener("input", function () { runSearch(box, records, results, status); });
    runSearch(box, records, results, status);
  }

  document.addEventListener("DOMContentLoaded", function () {
    highlightLines();
    codeToggle();
    navSearch();
    search();
  });
  window.addEventListener("hashchange", highlightLines);
})();
