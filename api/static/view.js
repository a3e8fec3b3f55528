(function () {
  "use strict";
  // CG_KINDS (the node kinds of graph/schema.py) is written before this file by Python.
  // Everything from the graph is untrusted text: it is only ever set with textContent
  // or as a property (href after a scheme check), never parsed as HTML.
  // Phase timings (ms since navigation), read by bench/views.py.
  var timings = (window.cgTimings = { start: performance.now() });
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  timings.parsed = performance.now();
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  timings.datasets = performance.now();
  var container = document.getElementById("cg-net");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  timings.network = performance.now();
  window.nodes = nodes;
  window.edges = edges;
  window.network = network;
  network.once("afterDrawing", function () {
    window.cgReady = performance.now();
    document.body.setAttribute("data-ready", "1");
  });

  // Very large graphs: arrowheads appear once zoomed in enough to see them.
  if (data.arrowsFromScale) {
    var arrowsShown = false;
    network.on("zoom", function () {
      var want = network.getScale() >= data.arrowsFromScale;
      if (want !== arrowsShown) {
        arrowsShown = want;
        network.setOptions({ edges: { arrows: { to: { enabled: want } } } });
      }
    });
  }

  var box = document.getElementById("cg-evidence");
  var body = document.getElementById("cg-evidence-body");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }
  function link(url, text) {
    var a = el("a", text || url);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function explorerLink(path, text) {
    if (data.explorer === null || data.explorer === undefined) return null;
    var a = el("a", text);
    a.href = data.explorer + path;
    a.target = "_top";
    return a;
  }
  function label(id) {
    var n = nodes.get(id);
    if (!n) return id;
    return n.cg.kind === CG_KINDS.ARTICLE && n.cg.outlet ? n.cg.outlet + ": " + (n.cg.title || n.cg.name) : n.cg.name || n.label;
  }
  function show(parts) {
    body.replaceChildren.apply(body, parts.filter(Boolean));
    box.hidden = false;
  }
  function showNode(n) {
    var d = n.cg, parts = [el("h3", d.title || d.name)];
    var facts = [d.kind, d.outlet && d.kind !== CG_KINDS.OUTLET ? "outlet: " + d.outlet : null,
      d.outlet_kind ? d.outlet_kind.replace("_", " ") : null, d.language, d.published,
      d.articles ? d.articles + " article(s)" : null, d.stub ? "stub (known only from a citation)" : null]
      .filter(Boolean).join(" · ");
    parts.push(el("div", facts, "meta"));
    var url = safeUrl(d.url);
    if (url) { var p = el("div", "", "meta"); p.appendChild(link(url, "open the article")); parts.push(p); }
    var page = d.kind === CG_KINDS.OUTLET ? "/explore/outlet/" : d.kind === CG_KINDS.ARTICLE ? "/explore/article/" : null;
    if (page) parts.push(explorerLink(page + encodeURIComponent(d.key), "explorer page"));
    show(parts);
  }
  function showEdge(e) {
    var d = e.cg, parts = [];
    var head = d.relation + (d.count ? " · " + d.count + " article hop(s)" : "") +
      (d.confidence !== null && d.confidence !== undefined && !d.count ? " · confidence " + d.confidence : "") +
      (d.review && d.review !== "auto" ? " · " + d.review : "");
    parts.push(el("h3", head));
    parts.push(el("div", label(e.from) + " \u21d2 " + label(e.to), "meta"));
    if (d.types) {
      parts.push(el("div", Object.keys(d.types).map(function (t) { return t + ": " + d.types[t]; }).join(", "), "meta"));
    }
    (d.evidence || []).forEach(function (ev) {
      parts.push(el("blockquote", "\u201c" + ev.text + "\u201d"));
      var meta = el("div", "", "meta");
      meta.appendChild(el("span", "document: " + (ev.document_uri || ev.document) +
        " [" + ev.start + ":" + ev.end + "] · " + ev.method + (ev.pattern ? " / " + ev.pattern : "") + " "));
      var u = safeUrl(ev.document_uri);
      if (u) meta.appendChild(link(u, "open"));
      parts.push(meta);
    });
    var derived = nodes.get(e.to);
    var url = derived && safeUrl(derived.cg.url);
    if (url) { var p = el("div", "", "meta"); p.appendChild(link(url, "the article that carries this text")); parts.push(p); }
    if (d.edge) parts.push(explorerLink("/explore/article/" + encodeURIComponent(e.to), "review this edge"));
    if (!d.evidence || !d.evidence.length) {
      if (!d.types) parts.push(el("div", "No evidence recorded.", "meta"));
      else if (nodes.get(e.from) && nodes.get(e.to) && data.explorer !== null && data.explorer !== undefined) {
        parts.push(explorerLink("/explore/paths?origin=" + encodeURIComponent(e.from) + "&destination=" +
          encodeURIComponent(e.to), "paths and evidence between these outlets"));
      }
    }
    show(parts);
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(nodes.get(params.nodes[0]));
    else if (params.edges.length) showEdge(edges.get(params.edges[0]));
    else box.hidden = true;
  });
  document.getElementById("cg-close").addEventListener("click", function () { box.hidden = true; });

  var copy = document.getElementById("cg-copy");
  if (copy) copy.addEventListener("click", function () {
    var t = document.getElementById("cg-snippet");
    t.select();
    if (navigator.clipboard) navigator.clipboard.writeText(t.value).catch(function () {});
    copy.textContent = "Copied";
  });

  // Time slider: hide articles published after the chosen day (undated ones stay).
  var slider = document.getElementById("cg-time");
  if (slider && data.timeFilter) {
    var days = Array.from(new Set(data.nodes.map(function (n) { return n.published; })
      .filter(Boolean))).sort();
    var out = document.getElementById("cg-time-out");
    slider.max = String(days.length - 1);
    slider.value = slider.max;
    out.textContent = days[days.length - 1];
    slider.addEventListener("input", function () {
      var day = days[Number(slider.value)];
      out.textContent = day;
      nodes.update(data.nodes.map(function (n) {
        return { id: n.id, hidden: !!n.published && n.published > day && !(n.borderWidth >= 3) };
      }));
    });
  }
})();
