/* dprkgraph explorer. Reads the JSON written by dprkgraph.explore.page_data; never parses a
   date (days are integers since 1970-01-01, computed in Python) and never inserts text as
   HTML (every string from the data goes through textContent). */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("dprk-data").textContent);
  performance.mark("dprk-parsed");
  var DAY = 86400000;
  // Event fields, in the order page_data writes them.
  var ID = 0, TITLE = 1, TEXT = 2, E0 = 3, E1 = 4, PREC = 5, FLAGS = 6, TYPE = 7, CAMEO = 8,
      GOLD = 9, QUAD = 10, PARTS = 11, SUMMARY = 12, SOURCES = 13, CLAIMS = 14, RELS = 15,
      INDEPENDENT = 16, MEMBERS = 17, NAMED = 18;
  // A citation: [source, quote, locator, context]; context is null (no source texts given),
  // [prefix, suffix, cut before, cut after] for a quote placed in its text, or why it is not.
  // "1 event", "2 events": every count on the page agrees with its noun.
  function count(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }
  function independent(e) { return count(e[INDEPENDENT], "independent source"); }
  var FLAG = { approximate: 1, uncertain: 2, contested: 4, coded: 8, interval: 16,
               openStart: 32, openEnd: 64, oneOf: 128 };
  // Drawn beyond the days an open date names, fading out: no made-up first or last day.
  var OPEN_REACH = 60;
  var EV = DATA.events, ACT = DATA.actors, SRC = DATA.sources;
  var PRECISION = ["day", "month", "year"];
  // An open or unknown end of a date is the first or last day of the calendar (years 1-9999).
  var OPEN_LO = -719162, OPEN_HI = 2932896;
  var OTHER = "other";

  var byId = new Map();
  var actorsOf = [];
  var incoming = [];
  EV.forEach(function (e, i) {
    byId.set(e[ID], i);
    var seen = [];
    for (var k = 0; k < e[PARTS].length; k += 2) {
      if (seen.indexOf(e[PARTS][k]) < 0) seen.push(e[PARTS][k]);
    }
    actorsOf.push(seen);
    incoming.push([]);
  });
  EV.forEach(function (e, i) {
    for (var k = 0; k < e[RELS].length; k += 3) incoming[e[RELS][k + 1]].push([e[RELS][k], i, e[RELS][k + 2]]);
  });
  var actorById = new Map(ACT.map(function (a, i) { return [a[0], i]; }));
  var goldIndex = new Map(DATA.goldstein.map(function (g, i) { return [g[0], i]; }));

  var init = DATA.initial;
  var state = {
    from: init.from, to: init.to, certainty: init.certainty, text: "",
    actors: new Set(init.actors), types: new Set(init.types), lanes: init.lanes.slice(),
    nest: !!init.nest, colour: init.colour, selected: null, chain: null, view: null
  };

  // ---- small DOM helpers: text only, never HTML ----
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return parent;
  }
  function $(id) { return document.getElementById(id); }
  // A string from the data inside plain text (an option, a tooltip): first-strong isolate and
  // pop, so that a right-to-left override in a name cannot turn round the text after it.
  // In the page's elements, the class "data" does the same (unicode-bidi: isolate).
  function isolate(text) { return "\u2068" + text + "\u2069"; }
  function iso(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
  function actorName(i) { return ACT[i][1]; }

  // ---- the colours: one stylesheet rule per class, from the Python palette ----
  (function colourRules() {
    var rules = [];
    Object.keys(DATA.quad).forEach(function (q) {
      var c = DATA.quad[q];
      rules.push(".q" + q + ".vis-range,.q" + q + ".vis-box{background-color:" + c + "}");
      rules.push(".q" + q + " .vis-dot{border-color:" + c + ";background-color:" + c + "}");
    });
    DATA.goldstein.forEach(function (g, i) {
      rules.push(".g" + i + ".vis-range,.g" + i + ".vis-box{background-color:" + g[1] + "}");
      rules.push(".g" + i + " .vis-dot{border-color:" + g[1] + ";background-color:" + g[1] + "}");
    });
    var style = document.createElement("style");
    style.textContent = rules.filter(function (r) { return /^[.\w ,-]+\{[\w-]+:#[0-9a-f]{6}(;[\w-]+:#[0-9a-f]{6})?\}$/.test(r); }).join("\n");
    document.head.appendChild(style);
  })();

  function colourClass(e) {
    if (state.colour === "goldstein") return e[GOLD] === null ? "q0" : "g" + goldIndex.get(e[GOLD]);
    return "q" + e[QUAD];
  }

  // ---- filters: the same window semantics as dprkgraph.query.events(certainty=...) ----
  var haystacks = null;
  function haystack(i) {
    if (haystacks === null) {
      haystacks = EV.map(function (e) {
        var parts = [e[ID], e[TITLE], e[TEXT], e[SUMMARY]];
        e[SOURCES].forEach(function (s) { parts.push(s[1], s[2]); });
        e[CLAIMS].forEach(function (c) {
          parts.push(actorName(c[0]), c[2]);
          c[3].forEach(function (s) { parts.push(s[1], s[2]); });
        });
        return parts.join("\n").toLowerCase();
      });
    }
    return haystacks[i];
  }
  function inWindow(e) {
    if (state.certainty === "definite") {
      return (state.from === null || e[E0] >= state.from) && (state.to === null || e[E1] <= state.to);
    }
    // "One of" a set: some member's days, not the days between members (dates.possibly_within).
    var m = e[MEMBERS];
    if (m.length) {
      for (var k = 0; k < m.length; k += 2) {
        if ((state.from === null || m[k + 1] >= state.from) && (state.to === null || m[k] <= state.to)) return true;
      }
      return false;
    }
    return (state.from === null || e[E1] >= state.from) && (state.to === null || e[E0] <= state.to);
  }
  // The bar's days: an open end stops a little past the days the date names, fading out.
  function drawn(e) {
    var f = e[FLAGS], lo = e[E0], hi = e[E1];
    if (f & FLAG.openStart) lo = (e[NAMED] ? e[NAMED][0] : hi) - OPEN_REACH;
    if (f & FLAG.openEnd) hi = (e[NAMED] ? e[NAMED][1] : lo) + OPEN_REACH;
    return [lo, hi];
  }
  // The days between a set's members, as a background over the bar: not possible days.
  function gapStyle(e, lo, hi) {
    var m = e[MEMBERS];
    if (!m.length) return "";
    var spans = [];
    for (var k = 0; k < m.length; k += 2) spans.push([Math.max(m[k], lo), Math.min(m[k + 1], hi) + 1]);
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var width = hi + 1 - lo, at = lo, stops = [];
    function pc(day) { return (100 * (day - lo) / width).toFixed(3) + "%"; }
    spans.forEach(function (s) {
      if (s[0] > at) stops.push("transparent " + pc(at), "#fff " + pc(at), "#fff " + pc(s[0]), "transparent " + pc(s[0]));
      at = Math.max(at, s[1]);
    });
    return stops.length ? "background-image:linear-gradient(to right," + stops.join(",") + ")" : "";
  }
  function matches(i) {
    var e = EV[i];
    if (!inWindow(e)) return false;
    if (state.types.size && !state.types.has(DATA.types[e[TYPE]])) return false;
    if (state.actors.size && !actorsOf[i].some(function (a) { return state.actors.has(a); })) return false;
    var text = state.text.trim().toLowerCase();
    return !text || haystack(i).indexOf(text) >= 0;
  }

  // ---- items and lanes ----
  var items = new vis.DataSet();
  var groups = new vis.DataSet();
  var shown = [];
  var labelCap = new Map();  // event -> widest its label may be, in pixels (see frame)

  // A day known exactly is a point; anything else a bar labelled with the date as written.
  function isPoint(e) { return e[E0] === e[E1] && !(e[FLAGS] & (FLAG.approximate | FLAG.uncertain)); }
  function labelText(e) { return isPoint(e) ? e[TITLE] : e[TEXT] + " \u2002" + e[TITLE]; }

  function itemFor(i, group) {
    var e = EV[i], f = e[FLAGS];
    var point = isPoint(e);
    var cls = ["ev", colourClass(e)];
    if (!point && (e[PREC] > 0 || f & FLAG.interval)) cls.push("imprecise");
    if (f & (FLAG.approximate | FLAG.uncertain)) cls.push("qualified");
    if (f & FLAG.contested) cls.push("contested");
    if (f & FLAG.coded) cls.push("coded");
    if (f & FLAG.openStart) cls.push("open-start");
    if (f & FLAG.openEnd) cls.push("open-end");
    if (e[MEMBERS].length) cls.push("one-of");
    if (state.chain && state.chain.has(i)) cls.push("chain");
    var item = { id: i + "|" + group, group: group, ev: i, className: cls.join(" ") };
    if (point) {
      item.type = "point";
      item.start = e[E0] * DAY + DAY / 2;
    } else {
      var days = drawn(e);
      item.type = "range";
      item.start = days[0] * DAY;
      item.end = (days[1] + 1) * DAY;
      var gaps = gapStyle(e, days[0], days[1]);
      if (gaps) item.style = gaps;
    }
    return item;
  }

  function laneList() {
    var lanes = state.lanes.filter(function (a) { return a >= 0 && a < ACT.length; });
    if (state.nest) {
      lanes.slice().forEach(function (a) {
        var home = ACT[a][2];
        if (home >= 0 && lanes.indexOf(home) < 0) lanes.push(home);
      });
    }
    return lanes;
  }

  function laneLabel(text, n, title) {
    var label = el("span", "lane-label");
    add(label, el("span", "name data", text), el("span", "n", n));
    if (title) label.title = title;
    return label;
  }

  // Filtering decides which events are shown and on which lanes; drawing (render) puts on
  // the timeline only what the view needs. Past LIMIT marks in view, each lane shows counts
  // per stretch of time instead of single events (level of detail), so 100,000 events open.
  var LIMIT = 500;
  var BUCKETS = [1, 7, 30, 91, 365, 1826, 3652, 9131, 36525];
  var shownSet = new Set();
  var lanesOf = new Map();
  var onLaneNow = new Set();
  var bucketed = false;
  var tiled = false;

  function groupsOf(i, onLane) {
    var gs = [];
    for (var k = 0; k < actorsOf[i].length; k++) if (onLane.has(actorsOf[i][k])) gs.push("a" + actorsOf[i][k]);
    return gs.length ? gs : [OTHER];
  }
  function idsOf(i) {
    return shownSet.has(i) ? groupsOf(i, onLaneNow).map(function (g) { return i + "|" + g; }) : [];
  }

  function rebuild() {
    var lanes = laneList();
    var onLane = new Set(lanes);
    onLaneNow = onLane;
    var perLane = new Map();
    shown = [];
    var other = 0;
    for (var i = 0; i < EV.length; i++) {
      if (!matches(i)) continue;
      shown.push(i);
      var gs = groupsOf(i, onLane);
      if (gs[0] === OTHER) other++;
      gs.forEach(function (g) { perLane.set(g, (perLane.get(g) || 0) + 1); });
    }
    shown.sort(function (a, b) { return EV[a][E0] - EV[b][E0] || EV[a][E1] - EV[b][E1] || a - b; });
    shownSet = new Set(shown);
    var gs = lanes.map(function (a, order) {
      var n = perLane.get("a" + a) || 0;
      return { id: "a" + a, order: order, className: "lane",
               content: laneLabel(actorName(a), String(n), isolate(ACT[a][0]) + ", " + ACT[a][4]) };
    });
    if (state.nest) {
      var byIdG = new Map(gs.map(function (g) { return [g.id, g]; }));
      gs.forEach(function (g) { g.treeLevel = 1; });
      lanes.forEach(function (a) {
        var home = ACT[a][2];
        if (home >= 0 && onLane.has(home)) {
          var parent = byIdG.get("a" + home);
          (parent.nestedGroups = parent.nestedGroups || []).push("a" + a);
          parent.showNested = true;
          byIdG.get("a" + a).treeLevel = 2;
        }
      });
    }
    gs.push({ id: OTHER, order: lanes.length, className: "other",
              content: laneLabel("Other actors", String(other), "events with no actor on a lane above") });
    items.clear();
    groups.clear();
    groups.add(gs);
    showCounts(shown.length, lanes.length + 1, other);
    render();
  }

  function showCounts(nShown, nLanes, nOther) {
    var p = $("counts");
    p.textContent = "";
    var parts = [["n-shown", nShown], " of ", ["n-total", EV.length],
                 " " + (EV.length === 1 ? "event" : "events") + " shown, ",
                 ["n-hidden", EV.length - nShown], " hidden by the filters; ",
                 ["n-lanes", nLanes], " " + (nLanes === 1 ? "lane" : "lanes") + ", ",
                 ["n-other", nOther], " " + (nOther === 1 ? "event" : "events") + " on \u201cother actors\u201d."];
    parts.forEach(function (x) {
      if (typeof x === "string") { add(p, x); return; }
      var span = el("span", null, String(x[1]));
      span.id = x[0];
      add(p, span);
    });
  }

  function render() {
    var w = timeline.getWindow();
    var lo = Math.floor(w.start.valueOf() / DAY), hi = Math.ceil(w.end.valueOf() / DAY);
    var inView = 0;
    var k, i;
    for (k = 0; k < shown.length && EV[shown[k]][E0] <= hi; k++) {
      i = shown[k];
      if (EV[i][E1] >= lo) inView += groupsOf(i, onLaneNow).length;
      if (inView > LIMIT) break;
    }
    var list = [];
    bucketed = inView > LIMIT;
    if (!bucketed) {
      // Single marks for the view and half a view either side, so a short pan finds them drawn.
      var margin = Math.ceil((hi - lo) / 2), from = lo - margin, to = hi + margin;
      for (k = 0; k < shown.length && EV[shown[k]][E0] <= to; k++) {
        i = shown[k];
        if (EV[i][E1] < from) continue;
        groupsOf(i, onLaneNow).forEach(function (g) { list.push(itemFor(i, g)); });
      }
    } else {
      var size = BUCKETS.filter(function (b) { return (hi - lo) / b <= 40; })[0] || BUCKETS[BUCKETS.length - 1];
      var counts = new Map();
      shown.forEach(function (j) {
        var mid = Math.floor((EV[j][E0] + EV[j][E1]) / 2);
        var b = Math.floor(mid / size);
        groupsOf(j, onLaneNow).forEach(function (g) {
          var key = g + "#" + b;
          counts.set(key, (counts.get(key) || 0) + 1);
        });
      });
      counts.forEach(function (n, key) {
        var cut = key.lastIndexOf("#"), g = key.slice(0, cut), b = Number(key.slice(cut + 1));
        list.push({ id: "b|" + key, group: g, type: "range", start: b * size * DAY,
                    end: (b + 1) * size * DAY, bucket: [b * size, (b + 1) * size - 1, n],
                    className: "bucket n" + Math.min(5, Math.ceil(Math.log10(n + 1) * 2)) });
      });
    }
    // The days outside the date window are hatched: the view may reach past it (room for the
    // labels, or a pan), and their events are hidden by the filter, not absent.
    var REACH = 200 * 366;  // the widest view, in days
    if (state.from !== null) {
      list.push({ id: "out|" + state.from, type: "background", className: "outside",
                  start: (state.from - REACH) * DAY, end: state.from * DAY });
    }
    if (state.to !== null) {
      list.push({ id: "out|" + (state.to + 1), type: "background", className: "outside",
                  start: (state.to + 1) * DAY, end: (state.to + 1 + REACH) * DAY });
    }
    // Keep the marks already drawn: vis-timeline measures each new mark, the costliest step.
    var next = new Set(list.map(function (it) { return it.id; }));
    var gone = items.getIds().filter(function (id) { return !next.has(id); });
    if (gone.length) items.remove(gone);
    var fresh = list.filter(function (it) { return items.get(it.id) === null; });
    if (fresh.length) items.add(fresh);
    $("lod").hidden = !bucketed;
    // Counts tile their lane edge to edge; single marks stack so that none hides another.
    if (bucketed !== tiled) { tiled = bucketed; timeline.setOptions({ stack: !bucketed }); }
    if (state.selected !== null) timeline.setSelection(idsOf(state.selected).filter(function (id) { return items.get(id); }));
  }

  // ---- the timeline ----
  var timeline = new vis.Timeline($("timeline"), items, groups, {
    moment: function (d) { return vis.moment(d).utc(); },
    stack: true, groupOrder: "order", orientation: { axis: "both" },
    zoomMin: 3 * DAY, zoomMax: 200 * 365.25 * DAY, zoomKey: "", horizontalScroll: false,
    verticalScroll: true, maxHeight: "100%", showCurrentTime: false, selectable: true,
    multiselect: false, editable: false, margin: { item: { horizontal: 2, vertical: 3 } },
    template: function (item) {
      if (item && item.bucket) {
        var badge = el("span", "count", String(item.bucket[2]));
        badge.title = count(item.bucket[2], "event") + " centred between " + iso(item.bucket[0]) + " and " +
          iso(item.bucket[1]) + "; click to zoom in";
        return badge;
      }
      if (item && item.type === "background") {
        var out = el("span", "outside-note");
        out.title = "outside the date window: its events are hidden by the filter";
        return out;
      }
      if (!item || item.ev === undefined) return document.createTextNode("");
      var e = EV[item.ev];
      var span = el("span", "lbl");
      span.setAttribute("data-event", e[ID]);
      span.title = e[TEXT] + "  " + isolate(e[TITLE]) + "  (" + independent(e) + ")";
      span.textContent = labelText(e);
      if (labelCap.has(item.ev)) span.style.maxWidth = labelCap.get(item.ev) + "px";
      return span;
    },
    groupTemplate: function (g) { return g && g.content ? g.content : document.createTextNode(""); }
  });
  performance.mark("dprk-timeline");
  // Labels running past the right edge make the panels scrollable, and a click scrolls them
  // into view, which would shift the marks against the date axis: keep them unscrolled.
  Array.prototype.forEach.call(document.querySelectorAll(".vis-timeline, .vis-panel.vis-center"), function (panel) {
    panel.addEventListener("scroll", function () { if (panel.scrollLeft) panel.scrollLeft = 0; });
  });
  // For scripts driving the page (tests, benchmarks): the timeline and the events shown.
  window.dprkTimeline = timeline;
  window.dprkShown = function () { return shown.map(function (i) { return EV[i][ID]; }); };
  var painted = false;
  timeline.on("changed", function () {
    if (!painted) {
      painted = true;
      window.dprkFirstPaint = performance.now();
    }
  });

  // ---- the side panel ----
  function dateLine(e) {
    var f = e[FLAGS];
    var quals = [];
    if (f & FLAG.approximate) quals.push("approximate");
    if (f & FLAG.uncertain) quals.push("uncertain");
    var m = e[MEMBERS], members = [];
    for (var k = 0; k < m.length; k += 2) {
      members.push(m[k] <= OPEN_LO ? "on or before " + iso(m[k + 1])
        : m[k + 1] >= OPEN_HI ? "on or after " + iso(m[k])
        : m[k] === m[k + 1] ? iso(m[k]) : iso(m[k]) + " to " + iso(m[k + 1]));
    }
    var what = members.length ? "one of " + members.join("; ")
      : e[E0] === e[E1] ? iso(e[E0])
      : f & FLAG.openStart ? "on or before " + iso(e[E1])
      : f & FLAG.openEnd ? "on or after " + iso(e[E0])
      : "between " + iso(e[E0]) + " and " + iso(e[E1]);
    return e[TEXT] + " (" + PRECISION[e[PREC]] + (f & FLAG.interval ? " interval" : "") +
      (quals.length ? ", " + quals.join(" and ") : "") + "): " + what;
  }
  // A quote in its context in the source text: … prefix <mark>quote</mark> suffix …
  function quoteBlock(quote, ctx) {
    var q = el("blockquote", "quote");
    if (ctx && typeof ctx === "object") {
      q.classList.add("in-context");
      add(q, ctx[2] ? "\u2026" : "", el("span", "ctx data", ctx[0]), el("mark", "data", quote),
          el("span", "ctx data", ctx[1]), ctx[3] ? "\u2026" : "");
      return q;
    }
    add(q, "\u201c", el("span", "data", quote), "\u201d");
    if (typeof ctx === "string") add(q, el("span", "unanchored", "not placed in the source text \u2014 " + ctx));
    return q;
  }
  function citeList(cites) {
    var ul = el("ul", "cites");
    cites.forEach(function (c) {
      var s = SRC[c[0]];
      var li = el("li", "source");
      add(li, el("span", "src-title data", s[1]),
          add(el("span", "muted"), " \u2014 ", el("span", "data", s[2]), s[4] ? ", " : null,
              s[4] ? el("span", "data", s[4]) : null));
      if (c[2]) add(li, " ", add(el("span", "locator"), "[", el("span", "data", c[2]), "]"));
      if (c[1]) add(li, quoteBlock(c[1], c[3]));
      if (/^https?:\/\/\S+$/.test(s[3])) {
        var a = el("a", "url data", s[3]);
        a.href = s[3]; a.target = "_blank"; a.rel = "noopener noreferrer";
        add(li, a);
      }
      ul.appendChild(li);
    });
    return ul;
  }
  function eventLink(j, verb) {
    var b = el("button", "link data", EV[j][TEXT] + " \u2002" + EV[j][TITLE]);
    b.type = "button";
    b.setAttribute("data-goto", EV[j][ID]);
    b.addEventListener("click", function () { select(j, true); });
    var li = el("li", "relation");
    add(li, el("span", "verb", verb + " "), b);
    if (!shownSet.has(j)) add(li, el("span", "muted", " (hidden by the filters)"));
    return li;
  }
  var VERB_OUT = { led_to: "led to", response_to: "response to", part_of: "part of", follows_up: "follows up", refers_to: "refers to" };
  var VERB_IN = { led_to: "led here from", response_to: "answered by", part_of: "has part", follows_up: "followed up by", refers_to: "referred to by" };

  function showPanel(i) {
    var panel = $("panel");
    panel.textContent = "";
    var e = EV[i], f = e[FLAGS];
    add(panel, el("h2", "ev-title data", e[TITLE]));
    var flags = el("p", "flags");
    if (f & FLAG.contested) add(flags, el("span", "flag flag-contested", "contested"));
    if (f & FLAG.coded) add(flags, el("span", "flag", "machine-coded"));
    if (f & (FLAG.approximate | FLAG.uncertain)) add(flags, el("span", "flag", "imprecise date"));
    if (flags.childNodes.length) panel.appendChild(flags);
    var dl = el("dl");
    function row(k, v) { if (v !== "" && v !== null) add(dl, el("dt", null, k), el("dd", null, v)); }
    row("Date", dateLine(e));
    row("Type", DATA.types[e[TYPE]].replace(/_/g, " "));
    if (e[CAMEO]) {
      row("CAMEO", e[CAMEO] + (e[GOLD] !== null ? ", Goldstein " + (e[GOLD] > 0 ? "+" : "") + e[GOLD].toFixed(1) : "") +
          (e[QUAD] ? ", QuadClass " + e[QUAD] + " (" + DATA.quadNames[String(e[QUAD])] + ")" : ""));
    } else if (e[GOLD] !== null) {
      row("Coded", "Goldstein " + e[GOLD] + ", QuadClass " + e[QUAD]);
    }
    row("Id", e[ID]);
    panel.appendChild(dl);
    var buttons = el("p", "actions");
    var chainButton = el("button", null, "Highlight causal chain");
    chainButton.type = "button"; chainButton.id = "b-chain";
    chainButton.addEventListener("click", function () { showChain(i); });
    add(buttons, chainButton);
    panel.appendChild(buttons);
    add(panel, el("h3", null, "Participants"));
    var parts = el("ul", "participants");
    for (var k = 0; k < e[PARTS].length; k += 2) {
      add(parts, add(el("li"), el("span", "data", actorName(e[PARTS][k])), " \u2014 " + DATA.roles[e[PARTS][k + 1]]));
    }
    panel.appendChild(parts);
    if (e[SUMMARY]) add(panel, el("h3", null, "Summary"), el("p", "summary data", e[SUMMARY]));
    add(panel, el("h3", null, "Sources (" + e[SOURCES].length + " cited, " + e[INDEPENDENT] + " independent)"),
        citeList(e[SOURCES]));
    if (e[CLAIMS].length) {
      add(panel, el("h3", null, "Claims (" + e[CLAIMS].length + ")"));
      var cl = el("ul", "claims");
      e[CLAIMS].forEach(function (c) {
        var stance = DATA.stances[c[1]];
        var li = el("li", "claim");
        add(li, el("span", "claimant data", actorName(c[0])), " ",
            el("span", "stance-" + stance, stance), ": ", el("span", "statement data", c[2]), citeList(c[3]));
        cl.appendChild(li);
      });
      panel.appendChild(cl);
    }
    var rels = el("ul", "relations");
    for (var r = 0; r < e[RELS].length; r += 3) {
      var li = eventLink(e[RELS][r + 1], VERB_OUT[DATA.relations[e[RELS][r]]] || DATA.relations[e[RELS][r]]);
      if (e[RELS][r + 2]) add(li, el("span", "muted", " \u2014 "), el("span", "muted data", e[RELS][r + 2]));
      rels.appendChild(li);
    }
    incoming[i].forEach(function (x) { rels.appendChild(eventLink(x[1], VERB_IN[DATA.relations[x[0]]] || DATA.relations[x[0]])); });
    if (rels.childNodes.length) add(panel, el("h3", null, "Relations"), rels);
  }

  function select(i, focus) {
    state.selected = i;
    showPanel(i);
    if (focus && shownSet.has(i)) {
      var e = EV[i], w = timeline.getWindow();
      var lo = e[E0] * DAY, hi = (e[E1] + 1) * DAY;
      if (bucketed || lo < w.start.valueOf() || hi > w.end.valueOf()) {
        var span = Math.max((hi - lo) * 1.5, Math.min(w.end - w.start, 730 * DAY));
        timeline.setWindow((lo + hi - span) / 2, (lo + hi + span) / 2, { animation: false });
        render();
      }
    }
    timeline.setSelection(idsOf(i).filter(function (id) { return items.get(id); }));
    save();
  }

  // Causes and consequences, as dprkgraph.query.causes/consequences: led_to as written,
  // response_to reversed.
  function causalChain(i) {
    var forward = new Map(), backward = new Map();
    function link(m, a, b) { if (!m.has(a)) m.set(a, []); m.get(a).push(b); }
    EV.forEach(function (e, j) {
      for (var k = 0; k < e[RELS].length; k += 3) {
        var type = DATA.relations[e[RELS][k]], other = e[RELS][k + 1];
        if (type === "led_to") { link(forward, j, other); link(backward, other, j); }
        else if (type === "response_to") { link(forward, other, j); link(backward, j, other); }
      }
    });
    var chain = new Set([i]);
    [forward, backward].forEach(function (m) {
      var frontier = [i], seen = new Set([i]);
      while (frontier.length) {
        (m.get(frontier.pop()) || []).forEach(function (n) {
          if (!seen.has(n)) { seen.add(n); chain.add(n); frontier.push(n); }
        });
      }
    });
    return chain;
  }
  function showChain(i) {
    state.chain = causalChain(i);
    document.body.classList.add("chain-on");
    rebuild();
    var status = $("chain-status") || el("p", "muted");
    status.id = "chain-status";
    var linked = state.chain.size - 1;
    status.textContent = "Causal chain: " + (linked ? count(linked, "linked event") + " highlighted" : "no linked events") + ". Esc clears.";
    $("panel").insertBefore(status, $("panel").firstChild.nextSibling);
  }
  function clearChain() {
    if (!state.chain) return;
    state.chain = null;
    document.body.classList.remove("chain-on");
    rebuild();
    var s = $("chain-status");
    if (s) s.remove();
  }

  timeline.on("click", function (props) {
    if (props.item === null || props.item === undefined) return;
    var item = items.get(props.item);
    if (!item || (item.ev === undefined && !item.bucket)) return;
    if (item.bucket) {
      timeline.setWindow(item.bucket[0] * DAY, (item.bucket[1] + 1) * DAY, { animation: false });
      render();
      return;
    }
    var src = props.event && (props.event.srcEvent || props.event);
    select(item.ev, false);
    if (src && src.shiftKey) showChain(item.ev);
  });

  // ---- the URL fragment keeps the view ----
  var saving = null;
  function save() {
    if (saving) clearTimeout(saving);
    saving = setTimeout(function () {
      var p = new URLSearchParams();
      if (state.from !== null) p.set("from", iso(state.from));
      if (state.to !== null) p.set("to", iso(state.to));
      if (state.certainty !== "possible") p.set("certainty", state.certainty);
      if (state.text) p.set("q", state.text);
      if (state.actors.size) p.set("actor", Array.from(state.actors).map(function (a) { return ACT[a][0]; }).join(","));
      if (state.types.size) p.set("type", Array.from(state.types).join(","));
      p.set("lanes", state.lanes.map(function (a) { return ACT[a][0]; }).join(","));
      if (state.nest) p.set("nest", "1");
      if (state.colour !== "quad_class") p.set("colour", state.colour);
      var w = timeline.getWindow();
      p.set("view", Math.round(w.start.valueOf()) + "," + Math.round(w.end.valueOf()));
      if (state.selected !== null) p.set("event", EV[state.selected][ID]);
      var hash = "#" + p.toString();
      try { history.replaceState(null, "", hash); } catch (err) { /* a sandboxed frame */ }
    }, 150);
  }
  function dayOf(text) {
    // An ISO day from the fragment or a date input: read by the browser's own date control.
    var input = document.createElement("input");
    input.type = "date";
    input.value = text || "";
    return input.value ? Math.round(input.valueAsNumber / DAY) : null;
  }
  function restore() {
    var hash = location.hash.replace(/^#/, "");
    if (!hash) return;
    var p = new URLSearchParams(hash);
    function ids(key) {
      return (p.get(key) || "").split(",").filter(function (x) { return actorById.has(x); }).map(function (x) { return actorById.get(x); });
    }
    if (p.has("from")) state.from = dayOf(p.get("from"));
    if (p.has("to")) state.to = dayOf(p.get("to"));
    state.certainty = p.get("certainty") === "definite" ? "definite" : "possible";
    state.text = p.get("q") || "";
    state.actors = new Set(ids("actor"));
    state.types = new Set((p.get("type") || "").split(",").filter(function (t) { return DATA.types.indexOf(t) >= 0; }));
    if (p.has("lanes")) state.lanes = ids("lanes");
    state.nest = p.get("nest") === "1";
    state.colour = p.get("colour") === "goldstein" ? "goldstein" : "quad_class";
    var view = (p.get("view") || "").split(",").map(Number);
    if (view.length === 2 && view.every(isFinite) && view[0] < view[1]) state.view = view;
    if (p.has("event") && byId.has(p.get("event"))) state.selected = byId.get(p.get("event"));
  }

  // ---- controls ----
  function fillControls() {
    var byCount = ACT.map(function (a, i) { return i; }).sort(function (a, b) {
      return ACT[b][3] - ACT[a][3] || (ACT[a][1] < ACT[b][1] ? -1 : 1);
    });
    ["f-actors", "f-lanes"].forEach(function (id) {
      var sel = $(id);
      sel.textContent = "";
      byCount.forEach(function (a) {
        var o = el("option", null, isolate(ACT[a][1]) + " (" + ACT[a][3] + ")");
        o.value = ACT[a][0];
        o.selected = id === "f-actors" ? state.actors.has(a) : state.lanes.indexOf(a) >= 0;
        sel.appendChild(o);
      });
    });
    var types = $("f-types");
    types.textContent = "";
    DATA.types.forEach(function (t) {
      var o = el("option", null, t.replace(/_/g, " "));
      o.value = t; o.selected = state.types.has(t);
      types.appendChild(o);
    });
    $("f-from").value = state.from === null ? "" : iso(state.from);
    $("f-to").value = state.to === null ? "" : iso(state.to);
    $("f-certainty").value = state.certainty;
    $("f-text").value = state.text;
    $("f-nest").checked = state.nest;
    $("f-colour").value = state.colour;
    var legend = $("legend-colours");
    legend.textContent = "";
    var entries = state.colour === "goldstein"
      ? [[DATA.goldstein.length ? DATA.goldstein[0][1] : DATA.quad["0"], "Goldstein " + (DATA.goldstein.length ? DATA.goldstein[0][0] : "") + " (conflict)"],
         [DATA.goldstein.length ? DATA.goldstein[DATA.goldstein.length - 1][1] : DATA.quad["0"], "Goldstein " + (DATA.goldstein.length ? DATA.goldstein[DATA.goldstein.length - 1][0] : "") + " (cooperation)"]]
      : ["1", "2", "3", "4"].map(function (q) { return [DATA.quad[q], DATA.quadNames[q]]; });
    entries.push([DATA.quad["0"], "no CAMEO code"]);
    entries.forEach(function (x) {
      var key = el("span", "key");
      key.style.backgroundColor = x[0];
      add(legend, add(el("li"), key, x[1]));
    });
  }
  function selected(id) {
    return Array.from($(id).selectedOptions).map(function (o) { return o.value; });
  }
  function readControls() {
    state.from = dayOf($("f-from").value);
    state.to = dayOf($("f-to").value);
    state.certainty = $("f-certainty").value === "definite" ? "definite" : "possible";
    state.text = $("f-text").value;
    state.actors = new Set(selected("f-actors").map(function (x) { return actorById.get(x); }));
    state.types = new Set(selected("f-types"));
    state.lanes = selected("f-lanes").map(function (x) { return actorById.get(x); });
    state.nest = $("f-nest").checked;
    state.colour = $("f-colour").value === "goldstein" ? "goldstein" : "quad_class";
  }
  function showWindow() {
    if (state.from !== null || state.to !== null) {
      var all = extent();
      var lo = state.from !== null ? state.from : all[0];
      var hi = state.to !== null ? state.to : all[1];
      if (isFinite(lo) && isFinite(hi)) frame(lo, hi, 0);
      else render();
    }
  }
  function changed(ev) {
    var windowChanged = ev && ev.target && (ev.target.id === "f-from" || ev.target.id === "f-to");
    readControls();
    if (ev && ev.target && ev.target.id === "f-colour") fillControls();
    rebuild();
    if (windowChanged) showWindow();
    save();
  }
  ["f-from", "f-to", "f-certainty", "f-actors", "f-types", "f-lanes", "f-nest", "f-colour"].forEach(function (id) {
    $(id).addEventListener("change", changed);
  });
  var typing = null;
  $("f-text").addEventListener("input", function (ev) {
    if (typing) clearTimeout(typing);
    typing = setTimeout(function () { changed(ev); }, 200);
  });
  $("controls").addEventListener("submit", function (ev) { ev.preventDefault(); });
  $("b-clear").addEventListener("click", function () {
    state.from = state.to = null; state.text = ""; state.certainty = "possible";
    state.actors = new Set(); state.types = new Set();
    fillControls(); rebuild(); fitAll(); save();
  });

  function extent() {
    var lo = Infinity, hi = -Infinity;
    // Frame the days the dates name: an open end would stretch the view to year 1 or 9999.
    shown.forEach(function (i) {
      var a = EV[i][E0], b = EV[i][E1];
      if (a > OPEN_LO) { lo = Math.min(lo, a); hi = Math.max(hi, a); }
      if (b < OPEN_HI) { lo = Math.min(lo, b); hi = Math.max(hi, b); }
    });
    return lo <= hi ? [lo, hi] : [0, 0];
  }
  function fitAll() {
    if (!shown.length) return;
    var all = extent(), lo = all[0], hi = all[1];
    frame(lo, hi, Math.max((hi - lo + 1) * 0.03, 5));
  }

  // ---- room for the labels ----
  // A label runs right from its mark, so a view that ends at the last event cuts the titles of
  // the last events off at its edge ("Trea", "Oba"). frame() ends the view where every label of
  // the days it frames fits, but keeps at least EVENT_SHARE of the width for the events; a
  // label that still does not fit ends at the edge with an ellipsis (the whole title is in its
  // tooltip and the panel), until the view is next zoomed or panned.
  var EVENT_SHARE = 0.6;
  var POINT_LEAD = 12, RANGE_LEAD = 5;  // from a mark's date to its label's first pixel
  var LABEL_GAP = 10;  // between a label and the edge
  function centreWidth() {
    var centre = document.querySelector(".vis-panel.vis-center");
    return centre ? centre.getBoundingClientRect().width : 0;
  }
  // The widths of the events' labels as drawn: measured together, in one layout.
  function labelWidths(list) {
    var probe = el("div", "vis-item label-probe");
    list.forEach(function (i) { probe.appendChild(el("span", "lbl", labelText(EV[i]))); });
    var host = document.querySelector("#timeline .vis-timeline") || $("timeline");
    host.appendChild(probe);
    var widths = Array.prototype.map.call(probe.childNodes, function (c) { return c.getBoundingClientRect().width; });
    probe.remove();
    return widths;
  }
  // Zoomed or panned away from the framed view: whole labels again.
  function unframe() { if (labelCap.size) setCaps(new Map()); }
  function setCaps(caps) {
    var same = caps.size === labelCap.size;
    caps.forEach(function (v, k) { same = same && labelCap.get(k) === v; });
    labelCap = caps;
    if (!same) items.clear();  // drawn again, and measured again, with their new widths
  }
  // Show the days lo to hi with pad days either side, and on the right the room the labels need.
  function frame(lo, hi, pad) {
    var start = (lo - pad) * DAY, end = (hi + 1 + pad) * DAY;
    var width = centreWidth(), marks = [], lanes = 0, caps = new Map();
    shown.forEach(function (i) {
      if (EV[i][E0] <= hi && EV[i][E1] >= lo) { marks.push(i); lanes += groupsOf(i, onLaneNow).length; }
    });
    // Zoomed out to counts per lane, no label is drawn.
    if (width > 0 && lanes <= LIMIT) {
      var widths = labelWidths(marks), most = start + (end - start) / EVENT_SHARE;
      var at = marks.map(function (i) {
        var e = EV[i];
        return [Math.max(isPoint(e) ? e[E0] * DAY + DAY / 2 : drawn(e)[0] * DAY, start),
                (isPoint(e) ? POINT_LEAD : RANGE_LEAD) + LABEL_GAP];
      });
      marks.forEach(function (i, k) {
        var room = width - widths[k] - at[k][1];
        end = room > 0 ? Math.max(end, start + (at[k][0] - start) * width / room) : most;
      });
      end = Math.min(end, most);
      marks.forEach(function (i, k) {
        var room = width - (at[k][0] - start) / (end - start) * width - at[k][1];
        if (widths[k] > room) caps.set(i, Math.max(Math.floor(room), 40));
      });
    }
    setCaps(caps);
    timeline.setWindow(start, end, { animation: false });
    render();
  }
  function zoom(factor) {
    unframe();
    if (factor < 1) timeline.zoomIn(1 - factor, { animation: false });
    else timeline.zoomOut(1 - 1 / factor, { animation: false });
    render();
  }
  function pan(fraction) {
    unframe();
    var w = timeline.getWindow(), d = (w.end - w.start) * fraction;
    timeline.setWindow(w.start.valueOf() + d, w.end.valueOf() + d, { animation: false });
    render();
  }
  function step(by) {
    if (!shown.length) return;
    var order = shown.slice().sort(function (a, b) { return EV[a][E0] - EV[b][E0] || EV[a][E1] - EV[b][E1]; });
    var at = state.selected === null ? -1 : order.indexOf(state.selected);
    var next = at < 0 ? (by > 0 ? 0 : order.length - 1) : Math.min(Math.max(at + by, 0), order.length - 1);
    select(order[next], true);
  }
  $("b-zoom-in").addEventListener("click", function () { zoom(0.5); });
  $("b-zoom-out").addEventListener("click", function () { zoom(2); });
  $("b-left").addEventListener("click", function () { pan(-0.25); });
  $("b-right").addEventListener("click", function () { pan(0.25); });
  $("b-fit").addEventListener("click", function () { fitAll(); });
  $("timeline").addEventListener("keydown", function (ev) {
    var keys = {
      "+": function () { zoom(0.5); }, "=": function () { zoom(0.5); }, "-": function () { zoom(2); },
      ArrowLeft: function () { pan(-0.25); }, ArrowRight: function () { pan(0.25); },
      "0": function () { fitAll(); }, Home: function () { fitAll(); },
      n: function () { step(1); }, p: function () { step(-1); },
      Escape: function () { clearChain(); state.selected = null; timeline.setSelection([]); save(); }
    };
    if (keys[ev.key] && !ev.ctrlKey && !ev.metaKey && !ev.altKey) { ev.preventDefault(); keys[ev.key](); }
  });
  timeline.on("rangechanged", function (props) {
    if (props && props.byUser) unframe();
    render();
    save();
  });

  // ---- start ----
  $("title").textContent = DATA.title;
  restore();
  fillControls();
  rebuild();
  performance.mark("dprk-filtered");
  function applyView() {
    if (state.view) { timeline.setWindow(state.view[0], state.view[1], { animation: false }); render(); }
    else if (state.from !== null || state.to !== null) showWindow();
    else fitAll();
  }
  applyView();
  // The lane labels take their width on the first drawing, which narrows the time axis: the
  // view asked for is set again once they have.
  var initialView = state.view;
  var settled = false;
  timeline.on("changed", function () {
    if (settled) return;
    settled = true;
    state.view = initialView;
    applyView();
    if (state.selected !== null) select(state.selected, !state.view);
    timeline.redraw();
    document.body.setAttribute("data-ready", "1");
  });
})();
