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

  function sortBy(th) {
    var col = th.cellIndex, numeric = th.getAttribute("data-type") === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var k = columnKeys(col, numeric);
    var order = rows.slice().sort(function (a, b) {
      var x = k[a._i], y = k[b._i];
      if (x === y) return a._i - b._i;
      if (x === null) return 1; // blanks last in either direction
      if (y === null) return -1;
      if (numeric) return (x - y) * dir;
      return x.localeCompare(y) * dir || a._i - b._i;
    });
    var heads = table.tHead.rows[0].cells;
    for (var j = 0; j < heads.length; j++) if (heads[j].hasAttribute("aria-sort")) heads[j].setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var frag = document.createDocumentFragment();
    for (var i = 0; i < order.length; i++) frag.appendChild(order[i]);
    tbody.appendChild(frag);
  }

  table.tHead.addEventListener("click", function (e) {
    var button = e.target.closest("button");
    if (button) sortBy(button.closest("th"));
  });

  function applyFilters() {
    var metric = form.metric.value, source = form.source.value, kind = form.kind.value, flag = form.flag.value;
    var q = form.q.value.trim().toLowerCase();
    if (q && !texts) texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    var shown = 0;
    for (var i = 0; i < total; i++) {
      var r = rows[i], d = r.dataset, flags = d.flags;
      var ok = (!metric || d.metric === metric) && (!source || d.source === source) && (!kind || d.kind === kind) &&
        (!flag || (flag === "any" ? flags !== "" : flag === "none" ? flags === "" : (" " + flags).indexOf(" " + flag + " ") >= 0)) &&
        (!q || texts[i].indexOf(q) >= 0);
      if (r.hidden === ok) r.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown === total ? total + " claims" : "Showing " + shown + " of " + total + " claims";
  }

  var pending = 0;
  form.addEventListener("change", applyFilters);
  form.addEventListener("input", function () { cancelAnimationFrame(pending); pending = requestAnimationFrame(applyFilters); });
  form.addEventListener("reset", function () { setTimeout(applyFilters, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  // Follow #anchors into collapsed articles and filtered-out rows.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    var moved = false;
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) { p.open = true; moved = true; }
    }
    if (el.tagName === "TR" && el.hidden) { form.reset(); applyFilters(); moved = true; }
    if (moved) el.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
