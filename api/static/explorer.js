// Explorer behaviour: search suggestions and edge review. Text from the store is set
// with textContent / option.value only; nothing is parsed as HTML. CG_KINDS (the node
// kinds of graph/schema.py) is written before this file by the server.
(function () {
  "use strict";
  const list = document.getElementById("q-suggest");
  let timer = null, last = "";
  function suggest(value) {
    if (value.length < 2 || value === last) return;
    last = value;
    fetch("/search?" + new URLSearchParams({ q: value, limit: 12 }))
      .then((r) => (r.ok ? r.json() : { data: [] }))
      .then((body) => {
        const options = body.data.map((n) => {
          const o = document.createElement("option");
          o.value = n.kind === CG_KINDS.ARTICLE ? n.url || n.key : n.name;
          o.label = n.kind + (n.outlet && n.kind !== CG_KINDS.OUTLET ? " · " + n.outlet : "");
          return o;
        });
        list.replaceChildren(...options);
      })
      .catch(() => {});
  }
  document.querySelectorAll("#q, input.suggest").forEach((input) => {
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => suggest(input.value.trim()), 150);
    });
  });

  const token = document.getElementById("token");
  const status = document.getElementById("review-status");
  if (token) token.value = sessionStorage.getItem("citegraph-token") || "";
  document.querySelectorAll(".review-btn").forEach((btn) => {
    btn.addEventListener("click", async () => {
      sessionStorage.setItem("citegraph-token", token.value);
      const id = btn.dataset.edge;
      const r = await fetch("/edges/" + encodeURIComponent(id), {
        method: "PATCH",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + token.value },
        body: JSON.stringify({ review: btn.dataset.review }),
      });
      const body = await r.json().catch(() => ({}));
      if (r.ok) {
        document.querySelector("#edge-" + CSS.escape(id) + " .review").textContent = body.review;
        status.textContent = "Saved: " + body.review;
      } else {
        status.textContent = "Not saved: " + ((body.error && body.error.message) || r.status);
      }
    });
  });
})();
