// citydip report: unpack the data, draw the charts with Vega, build the sortable and filterable tables, and
// record in #render-check what was drawn and whether anything was requested (tests read it).
(function () {
  "use strict";

  var check = { state: "loading", marks: {}, rows: {}, resources: [], blocked: [], errors: [] };
  document.addEventListener("securitypolicyviolation", function (e) {
    check.blocked.push(e.blockedURI || e.violatedDirective);
  });

  function record(state) {
    check.state = state;
    check.resources = performance.getEntriesByType("resource").map(function (e) { return e.name; });
    document.getElementById("render-check").textContent = JSON.stringify(check);
    document.body.dataset.state = state;
  }

  function fail(message) {
    check.errors.push(message);
    var box = document.getElementById("report-error");
    box.textContent = message;
    box.hidden = false;
  }

  function esc(value) {
    return String(value == null ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  async function unpack() {
    if (typeof DecompressionStream === "undefined") {
      throw new Error("this browser cannot unpack the report's data (it needs Chrome or Edge 80, " +
        "Firefox 113 or Safari 16.4 or later)");
    }
    var text = document.getElementById("report-data").textContent.trim();
    var raw = atob(text);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  // Items Vega drew for the mark named `name` (Vega-Lite names a layer's mark NAME_marks).
  function drawn(view, name) {
    var n = 0;
    (function walk(node) {
      if (!node) return;
      if (node.marktype && node.name === name) n += node.items.length;
      (node.items || []).forEach(walk);
    })(view.scenegraph().root);
    return n;
  }

  // A layer whose data names outlines ({outlines: "world"}) gets that TopoJSON from the page's data.
  function withOutlines(spec, outlines) {
    (spec.layer || []).forEach(function (layer) {
      if (layer.data && layer.data.outlines) {
        layer.data = { values: outlines[layer.data.outlines], format: layer.data.format };
      }
    });
    return spec;
  }

  async function chart(id, spec, marks) {
    var el = document.getElementById(id);
    if (!spec) {
      el.innerHTML = '<p class="note">' + esc(el.dataset.empty || "Nothing to draw for these events.") + "</p>";
      return;
    }
    try {
      var result = await vegaEmbed(el, spec, {
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
      });
      Object.keys(marks).forEach(function (key) { check.marks[key] = drawn(result.view, marks[key]); });
    } catch (err) {
      // one chart that fails leaves the others and the tables standing
      el.innerHTML = '<p class="warning">This chart could not be drawn: ' + esc(err && err.message ? err.message : err) + "</p>";
      check.errors.push(id + ": " + String(err && err.message ? err.message : err));
    }
  }

  // -- tables ------------------------------------------------------------------------------------------

  // columns: {title, cell(row) -> html, key(row) -> sort value, cls}; rows: objects with .text for the filter
  function table(container, columns, rows, options) {
    var controls = document.createElement("div");
    controls.className = "controls";
    var search = document.createElement("input");
    search.type = "search";
    search.placeholder = options.placeholder;
    search.setAttribute("aria-label", options.placeholder);
    controls.appendChild(search);
    var select = null;
    if (options.choices) {
      select = document.createElement("select");
      select.setAttribute("aria-label", options.choices.label);
      select.innerHTML = '<option value="">' + esc(options.choices.all) + "</option>" +
        options.choices.values.map(function (v) { return "<option>" + esc(v) + "</option>"; }).join("");
      controls.appendChild(select);
    }
    var shown = document.createElement("span");
    shown.className = "shown";
    controls.appendChild(shown);

    // A grid of rows rather than a <table>: each row is laid out on its own (content-visibility in the
    // style sheet skips rows off screen), so ten thousand of them show in a second or two, where a table's
    // layout took ten times that.
    var grid = document.createElement("div");
    grid.className = "grid";
    grid.setAttribute("role", "table");
    grid.style.setProperty("--columns", columns.map(function (c) {
      return c.width || "minmax(10em, 1fr)";
    }).join(" "));
    grid.style.setProperty("--print-columns", columns.map(function (c) {
      return "minmax(0, " + (c.width ? parseFloat(c.width) : c.print || 20) + "fr)"; // paper is narrower
    }).join(" "));
    var head = '<div class="row head" role="row">' + columns.map(function (c, i) {
      return '<div class="cell" role="columnheader" data-col="' + i + '"><button type="button">' + esc(c.title) + "</button></div>";
    }).join("") + "</div>";
    var body = rows.map(function (row) {
      return '<div class="row ' + esc(row.cls || "") + '" role="row">' + columns.map(function (c) {
        return '<div class="cell ' + (c.cls || "") + '" role="cell">' + c.cell(row) + "</div>";
      }).join("") + "</div>";
    }).join("");
    grid.innerHTML = head + '<div class="rows" role="rowgroup">' + body + "</div>";
    container.appendChild(controls);
    container.appendChild(grid);
    var headRow = grid.firstChild;
    var rowGroup = grid.lastChild;
    var elements = Array.prototype.slice.call(rowGroup.children);
    rows.forEach(function (row, i) { row.el = elements[i]; row.haystack = row.text.toLowerCase(); });

    function refilter() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var choice = select ? select.value : "";
      var n = 0;
      rows.forEach(function (row) {
        var ok = (!choice || row.choice === choice) &&
          words.every(function (w) { return row.haystack.indexOf(w) >= 0; });
        row.el.hidden = !ok;
        if (ok) n++;
      });
      shown.textContent = n === rows.length ? rows.length + " " + options.noun : n + " of " + rows.length + " " + options.noun;
    }
    search.addEventListener("input", refilter);
    if (select) select.addEventListener("change", refilter);

    var order = { col: -1, dir: 1 };
    headRow.addEventListener("click", function (e) {
      var header = e.target.closest("[data-col]");
      if (!header) return;
      var col = Number(header.dataset.col);
      order.dir = order.col === col ? -order.dir : 1;
      order.col = col;
      var key = columns[col].key;
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === y) return a.index - b.index;
        if (x === "" || x == null) return 1; // blanks (undated) last either way
        if (y === "" || y == null) return -1;
        return (x < y ? -1 : 1) * order.dir;
      });
      var fragment = document.createDocumentFragment();
      sorted.forEach(function (row) { fragment.appendChild(row.el); });
      rowGroup.appendChild(fragment);
      Array.prototype.forEach.call(headRow.children, function (cell, i) {
        if (i === col) cell.setAttribute("aria-sort", order.dir === 1 ? "ascending" : "descending");
        else cell.removeAttribute("aria-sort");
      });
    });
    shown.textContent = rows.length + " " + options.noun; // every row shows until a filter is typed
    return rows.length;
  }

  function placeCell(p) {
    return p ? esc(p[0]) + '<span class="en">' + esc(p[1]) + ", " + esc(p[2]) + "</span>" : "";
  }

  function partnerTable(data) {
    var places = data.places;
    var rows = data.pairs.map(function (p, index) {
      var actor = places[p[0]], partner = places[p[1]];
      return {
        index: index, cls: "level-" + p[2], choice: p[2], actor: actor, partner: partner, level: p[2],
        since: p[3], history: p[4], first: p[5], last: p[6], events: p[7], types: p[8],
        text: [actor && actor[0], actor && actor[1], partner[0], partner[1], partner[2], p[2], p[4], p[8]].join(" "),
      };
    });
    var rank = {};
    data.levels.forEach(function (level, i) { rank[level] = i; });
    var columns = [
      { title: "actor", width: "8em", cell: function (r) { return placeCell(r.actor); }, key: function (r) { return r.actor ? r.actor[0] : ""; } },
      { title: "partner", width: "9em", cell: function (r) { return placeCell(r.partner); }, key: function (r) { return r.partner[0]; } },
      { title: "country", width: "5em", cell: function (r) { return esc(r.partner[2]); }, key: function (r) { return r.partner[2]; } },
      { title: "level", width: "7.5em", cls: "level", cell: function (r) { return esc(r.level); }, key: function (r) { return rank[r.level]; } },
      { title: "since", width: "7em", cls: "date", cell: function (r) { return '<span class="when">' + esc(r.since) + "</span>"; }, key: function (r) { return r.since; } },
      { title: "history", print: 12, cell: function (r) { return esc(r.history); }, key: function (r) { return r.history; } },
      { title: "first contact", width: "7em", cls: "date", cell: function (r) { return esc(r.first); }, key: function (r) { return r.first; } },
      { title: "last contact", width: "7em", cls: "date", cell: function (r) { return esc(r.last); }, key: function (r) { return r.last; } },
      { title: "events", width: "4.5em", cls: "num", cell: function (r) { return esc(r.events); }, key: function (r) { return -r.events; } },
      { title: "types", width: "12em", cell: function (r) { return esc(r.types); }, key: function (r) { return r.types; } },
    ];
    return table(document.getElementById("table-partners"), columns, rows, {
      placeholder: "Filter partners: a name, a country code, a level…",
      noun: "pairs",
      choices: { label: "level", all: "every level", values: data.levels },
    });
  }

  function sourceCell(articles, ids) {
    return ids.map(function (i) {
      var a = articles[i];
      var label = esc(a[2]) + (a[1] ? " · " + esc(a[1]) : "");
      var title = esc(a[0] || a[4] || "");
      if (a[3]) {
        return '<a href="' + esc(a[3]) + '" title="' + title + '" target="_blank" rel="noopener noreferrer">' + label + "</a>";
      }
      return '<span class="file" title="' + title + '">' + label + (a[4] ? " (" + esc(a[4]) + ")" : "") + "</span>";
    }).join("");
  }

  function eventTable(data) {
    var places = data.places, articles = data.articles;
    var rows = data.events.map(function (e, index) {
      var actor = places[e[4]];
      var partners = e[5].map(function (i) { return places[i]; });
      var type = e[3].split(/[/ ]/)[0];
      return {
        index: index, choice: type, id: e[0], when: e[1], date: e[2], kind: e[3], actor: actor,
        partners: partners, evidence: e[6], sources: e[7],
        text: [e[0], e[1], e[3], actor && actor[0], actor && actor[1], e[6]].concat(
          partners.map(function (p) { return p[0] + " " + p[1] + " " + p[2]; }),
          e[7].map(function (i) { return articles[i][0] + " " + articles[i][2]; })).join(" "),
      };
    });
    var columns = [
      {
        title: "date", width: "10em", cls: "date",
        cell: function (r) { return esc(r.when).replace(/^\S+/, '<span class="when">$&</span>') + '<span class="id" title="citydip show ' + esc(r.id) + '">' + esc(r.id.slice(0, 8)) + "</span>"; },
        key: function (r) { return r.date; },
      },
      { title: "actor", width: "5.5em", cell: function (r) { return r.actor ? esc(r.actor[0]) : ""; }, key: function (r) { return r.actor ? r.actor[0] : ""; } },
      { title: "type", width: "10.5em", cell: function (r) { return esc(r.kind).replace("/", "/<wbr>"); }, key: function (r) { return r.kind; } },
      {
        title: "partners", width: "9em",
        cell: function (r) { return r.partners.map(placeCell).join(""); },
        key: function (r) { return r.partners.length ? r.partners[0][0] : ""; },
      },
      { title: "evidence", print: 26, cls: "evidence", cell: function (r) { return esc(r.evidence); }, key: function (r) { return r.evidence; } },
      {
        title: "sources", width: "12em", cls: "sources",
        cell: function (r) { return sourceCell(articles, r.sources); },
        key: function (r) { return r.sources.length ? articles[r.sources[0]][2] : ""; },
      },
    ];
    return table(document.getElementById("table-events"), columns, rows, {
      placeholder: "Filter events: words of the evidence, a name, a date, an outlet…",
      noun: "events",
      choices: { label: "type", all: "every type", values: data.types },
    });
  }

  async function main() {
    var data = await unpack();
    check.rows.partners = partnerTable(data);
    check.rows.events = eventTable(data);
    var specs = data.specs;
    await Promise.all([
      chart("chart-world", withOutlines(specs.world, data.outlines), { world_partners: "partners_marks", world_links: "links_marks", world_actors: "actors_marks" }),
      chart("chart-east-asia", withOutlines(specs.eastAsia, data.outlines), { east_asia_partners: "partners_marks", east_asia_actors: "actors_marks" }),
      chart("chart-years", specs.years, { years: "years_marks" }),
      chart("chart-relations", specs.relations, { relations: "steps_marks" }),
    ]);
  }

  main().then(
    function () { record(check.errors.length ? "failed" : "drawn"); },
    function (err) { fail(String(err && err.message ? err.message : err)); record("failed"); }
  );
})();
