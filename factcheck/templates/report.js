/* factcheck report: sortable, filterable claims table and anchor navigation. No network, no innerHTML. */
(function () {
  "use strict";
  var table = document.getElementById("claims-table");
  var form = document.getElementById("claim-filters");
  var count = document.getElementById("claim-count");
  if (!table || !form) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var total = rows.length;
  var collate = new Intl.Collator(undefined, { numeric: true }).compare;
  var keys = {};   // column index -> array of sort keys, by row position in `rows`
  var texts = null; // lower-cased row text, for the search box (built on first search)
  rows.forEach(function (r, i) { r._i = i; });

  function columnKeys(col, numeric) {
    if (keys[col]) return keys[col];
    var out = new Array(total);
    for (var i = 0; i < total; i++) {
      var cell = rows[i].cells[col];
      var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
      if (numeric) { var n = parseFloat(raw); out[i] = isNaN(n) ? null : n; }
      else out[i] = raw === "" ? null : raw.toLowerCase();
    }
    return (keys[col] = out);
  }

  // Only `page` rows are in the layout at a time (the rest are hidden), so sorting and filtering cost
  // O(n log n) in JavaScript plus O(page) DOM work, however many claims there are.
  var page = parseInt(table.getAttribute("data-page"), 10) || 500, limit = page;
  var order = rows, matched = rows, shown = rows.slice(0, page);
  var more = document.getElementById("claims-more"), all = document.getElementById("claims-all");

  function render() {
    var want = matched.slice(0, limit), i;
    for (i = 0; i < shown.length; i++) shown[i]._want = false;
    for (i = 0; i < want.length; i++) want[i]._want = true;
    for (i = 0; i < shown.length; i++) if (!shown[i]._want && !shown[i].hidden) shown[i].hidden = true;
    var frag = document.createDocumentFragment();
    for (i = 0; i < want.length; i++) frag.appendChild(want[i]);
    tbody.insertBefore(frag, tbody.firstChild);
    for (i = 0; i < want.length; i++) if (want[i].hidden) want[i].hidden = false;
    shown = want;
    var m = matched.length;
    count.textContent = (want.length === total ? total + " claims" :
      "Showing " + want.length + " of " + m + (m === total ? " claims" : " matching claims (" + total + " in all)"));
    if (more) more.hidden = all.hidden = want.length >= m;
  }

  function sortBy(th) {
    var col = th.cellIndex, numeric = th.getAttribute("data-type") === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var k = columnKeys(col, numeric);
    order = rows.slice().sort(function (a, b) {
      var x = k[a._i], y = k[b._i];
      if (x === y) return a._i - b._i;
      if (x === null) return 1; // blanks last in either direction
      if (y === null) return -1;
      if (numeric) return (x - y) * dir;
      return collate(x, y) * dir || a._i - b._i;
    });
    var heads = table.tHead.rows[0].cells;
    for (var j = 0; j < heads.length; j++) if (heads[j].hasAttribute("aria-sort")) heads[j].setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    applyFilters();
  }

  table.tHead.addEventListener("click", function (e) {
    var button = e.target.closest("button");
    if (button) sortBy(button.closest("th"));
  });

  function applyFilters() {
    var metric = form.metric.value, source = form.source.value, kind = form.kind.value, flag = form.flag.value;
    var q = form.q.value.trim().toLowerCase();
    if (q && !texts) texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    matched = order.filter(function (r) {
      var d = r.dataset, flags = d.flags;
      return (!metric || d.metric === metric) && (!source || d.source === source) && (!kind || d.kind === kind) &&
        (!flag || (flag === "any" ? flags !== "" : flag === "none" ? flags === "" : (" " + flags).indexOf(" " + flag + " ") >= 0)) &&
        (!q || texts[r._i].indexOf(q) >= 0);
    });
    limit = page;
    render();
  }

  var pending = 0;
  form.addEventListener("change", applyFilters);
  form.addEventListener("input", function () { cancelAnimationFrame(pending); pending = requestAnimationFrame(applyFilters); });
  form.addEventListener("reset", function () { setTimeout(applyFilters, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  if (more) {
    more.addEventListener("click", function () { limit += page; render(); });
    all.addEventListener("click", function () { limit = Infinity; render(); });
    render();
  }

  // Follow #anchors into collapsed articles and filtered-out rows.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    var moved = false;
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) { p.open = true; moved = true; }
    }
    if (el.tagName === "TR" && el.hidden) { el.hidden = false; shown.push(el); moved = true; }
    if (moved) el.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
