/* factlint report: tooltips, the findings panel, filters, keyboard navigation, table sorting.
   All text from the data is set with textContent; nothing here builds markup from strings. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("factlint-data").textContent);
  var findings = {};
  var order = [];
  data.findings.forEach(function (f) { findings[f.id] = f; order.push(f.id); });
  var RANK = { info: 0, warning: 1, error: 2 };
  var ICON = { error: "\u2716", warning: "\u25B2", info: "\u25CF" };

  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.hl"));
  var idsOf = new Map();
  var startsOf = new Map();
  var marksOf = {};
  function numbers(text) { return text ? text.split(" ").map(Number) : []; }
  function highest(ids) {
    var top = "";
    ids.forEach(function (id) {
      var s = findings[id].severity;
      if (!top || RANK[s] > RANK[top]) { top = s; }
    });
    return top;
  }
  marks.forEach(function (m) {
    var ids = numbers(m.getAttribute("data-f"));
    idsOf.set(m, ids);
    startsOf.set(m, numbers(m.getAttribute("data-starts")));
    ids.forEach(function (id) { (marksOf[id] = marksOf[id] || []).push(m); });
  });
  var entries = {};
  Array.prototype.forEach.call(document.querySelectorAll("button.fi[data-f]"), function (b) {
    entries[Number(b.getAttribute("data-f"))] = b;
  });
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  var tip = document.getElementById("tip");
  var current = null;

  function on(kind, value) {
    return boxes.some(function (b) {
      return b.getAttribute("data-filter") === kind && b.value === value && b.checked;
    });
  }
  function visible(id) {
    var f = findings[id];
    return on("severity", f.severity) && on("rule", f.rule);
  }
  function shownIds(m) { return idsOf.get(m).filter(visible); }

  function applyFilters() {
    marks.forEach(function (m) {
      var ids = shownIds(m);
      var top = highest(ids);
      var icon = highest(startsOf.get(m).filter(visible));
      if (icon) { m.setAttribute("data-icon", icon); } else { m.removeAttribute("data-icon"); }
      m.classList.remove("sev-error", "sev-warning", "sev-info");
      m.classList.toggle("off", ids.length === 0);
      m.classList.toggle("multi", ids.length > 1);
      if (top) { m.classList.add("sev-" + top); }
      m.tabIndex = ids.length ? 0 : -1;
    });
    var shown = 0;
    order.forEach(function (id) {
      var v = visible(id);
      if (v) { shown += 1; }
      if (entries[id]) { entries[id].parentNode.hidden = !v; }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".group"), function (g) {
      var n = g.querySelectorAll("li:not([hidden])").length;
      g.hidden = n === 0;
      var badge = g.querySelector("h3 .n");
      var total = badge.getAttribute("data-total");
      badge.textContent = String(n) === total ? total : n + "/" + total;
    });
    document.getElementById("shown-count").textContent = String(shown);
    if (current !== null && !visible(current)) { select(null); }
    hideTip();
  }

  function select(id, focusMark) {
    if (current !== null) {
      (marksOf[current] || []).forEach(function (m) { m.classList.remove("current"); });
      if (entries[current]) { entries[current].removeAttribute("aria-current"); }
    }
    current = id;
    if (id === null) { return; }
    var ms = marksOf[id] || [];
    ms.forEach(function (m) { m.classList.add("current"); });
    var entry = entries[id];
    if (entry) {
      entry.setAttribute("aria-current", "true");
      scrollIntoPanel(entry);
    }
    if (ms.length) {
      ms[0].scrollIntoView({ block: "center", inline: "nearest" });
      if (focusMark) { ms[0].focus({ preventScroll: true }); showTip(ms[0], [id]); }
    }
  }

  function scrollIntoPanel(entry) {
    var panel = entry.closest(".panel");
    if (!panel || panel.scrollHeight <= panel.clientHeight) { return; }
    var e = entry.getBoundingClientRect();
    var p = panel.getBoundingClientRect();
    if (e.top < p.top || e.bottom > p.bottom) {
      panel.scrollTop += e.top - p.top - p.height / 3;
    }
  }

  function step(delta) {
    var shown = order.filter(visible);
    if (!shown.length) { return; }
    var at = current === null ? -1 : shown.indexOf(current);
    var next;
    if (at === -1) {
      next = delta > 0 ? shown[0] : shown[shown.length - 1];
    } else {
      next = shown[(at + delta + shown.length) % shown.length];
    }
    select(next, true);
  }

  /* tooltip */
  function showTip(mark, first) {
    var ids = shownIds(mark);
    if (!ids.length) { return; }
    if (first) {
      ids = first.concat(ids.filter(function (id) { return first.indexOf(id) === -1; }));
    }
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    ids.forEach(function (id) {
      var f = findings[id];
      var row = document.createElement("div");
      row.className = "row sev-" + f.severity;
      var head = document.createElement("div");
      head.className = "head";
      var icon = document.createElement("span");
      icon.className = "icon";
      icon.textContent = ICON[f.severity];
      var code = document.createElement("span");
      code.className = "code";
      code.textContent = f.rule;
      var slug = document.createElement("span");
      slug.className = "slug";
      slug.textContent = f.name + " \u00B7 " + f.severity + " \u00B7 " + f.line + ":" + f.column;
      head.appendChild(icon);
      head.appendChild(code);
      head.appendChild(slug);
      var msg = document.createElement("div");
      msg.className = "msg";
      msg.textContent = f.message;
      row.appendChild(head);
      row.appendChild(msg);
      tip.appendChild(row);
    });
    tip.hidden = false;
    var r = mark.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = Math.max(8, Math.min(r.left + window.scrollX,
                                    window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
    mark.setAttribute("aria-describedby", "tip");
  }
  function hideTip() {
    tip.hidden = true;
    marks.forEach(function (m) { m.removeAttribute("aria-describedby"); });
  }

  var main = document.getElementById("report");
  main.addEventListener("mouseover", function (e) {
    var m = e.target.closest && e.target.closest("mark.hl");
    if (m) { showTip(m); }
  });
  main.addEventListener("mouseout", function (e) {
    var m = e.target.closest && e.target.closest("mark.hl");
    if (m && !(e.relatedTarget && m.contains(e.relatedTarget)) && document.activeElement !== m) {
      hideTip();
    }
  });
  main.addEventListener("focusin", function (e) {
    if (e.target.matches && e.target.matches("mark.hl")) { showTip(e.target, current !== null && idsOf.get(e.target).indexOf(current) !== -1 ? [current] : null); }
  });
  main.addEventListener("focusout", function (e) {
    if (e.target.matches && e.target.matches("mark.hl")) { hideTip(); }
  });
  main.addEventListener("click", function (e) {
    var m = e.target.closest && e.target.closest("mark.hl");
    if (!m) { return; }
    var ids = shownIds(m);
    if (ids.length) { select(ids[0], true); }
  });

  Object.keys(entries).forEach(function (id) {
    entries[id].addEventListener("click", function () { select(Number(id), true); });
  });
  boxes.forEach(function (b) { b.addEventListener("change", applyFilters); });
  var prev = document.getElementById("prev-finding");
  var next = document.getElementById("next-finding");
  if (prev) { prev.addEventListener("click", function () { step(-1); }); }
  if (next) { next.addEventListener("click", function () { step(1); }); }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName) ||
              (t.tagName === "INPUT" && t.type !== "checkbox"))) { return; }
    if (e.key === "j" || e.key === "n") { step(1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "p") { step(-1); e.preventDefault(); }
    else if (e.key === "Escape") { hideTip(); }
  });

  /* sortable index table */
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    heads.forEach(function (th) {
      var button = th.querySelector("button");
      button.addEventListener("click", function () {
        var col = Number(button.getAttribute("data-sort-col"));
        var numeric = button.getAttribute("data-sort-type") === "number";
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        if (!th.hasAttribute("aria-sort") && numeric) { dir = "descending"; }
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-sort");
          var y = b.cells[col].getAttribute("data-sort");
          var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          if (c === 0) { c = a.cells[0].getAttribute("data-sort").localeCompare(b.cells[0].getAttribute("data-sort")); return c; }
          return dir === "ascending" ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  applyFilters();
}());
