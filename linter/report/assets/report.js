// postlint report: put the summary first, then filter and sort the drafts. No network, no library.
(function () {
  "use strict";
  const main = document.getElementById("main");
  const summary = document.getElementById("summary");
  main.prepend(summary);  // first in reading and keyboard order too, not only on screen
  const list = document.getElementById("draft-list");
  const drafts = Array.from(list.querySelectorAll("article.draft"));
  const control = (id) => document.getElementById(id);
  const filters = { category: control("f-category"), severity: control("f-severity"),
                    author: control("f-author"), channel: control("f-channel") };
  const sort = control("f-sort");
  const status = control("f-status");

  for (const key of ["author", "channel"]) {
    const values = Array.from(new Set(drafts.map((d) => d.dataset[key]).filter(Boolean))).sort();
    for (const value of values) filters[key].append(new Option(value, value));
    if (!values.length) filters[key].closest("label").classList.add("hidden");
  }

  function matches(draft) {
    const f = Object.fromEntries(Object.entries(filters).map(([k, el]) => [k, el.value]));
    return (!f.category || draft.dataset.categories.split(" ").includes(f.category))
      && (!f.severity || draft.dataset.severities.split(" ").includes(f.severity))
      && (!f.author || draft.dataset.author === f.author)
      && (!f.channel || draft.dataset.channel === f.channel);
  }

  const compare = {
    order: (a, b) => a.dataset.order - b.dataset.order,
    rank: (a, b) => b.dataset.rank - a.dataset.rank || b.dataset.count - a.dataset.count || a.dataset.order - b.dataset.order,
    count: (a, b) => b.dataset.count - a.dataset.count || a.dataset.order - b.dataset.order,
  };
  const byText = (key) => (a, b) => (a.dataset[key] || "\uffff").localeCompare(b.dataset[key] || "\uffff") || a.dataset.order - b.dataset.order;

  function update() {
    let shown = 0;
    for (const draft of drafts) {
      const visible = matches(draft);
      draft.classList.toggle("hidden", !visible);
      shown += visible;
    }
    const sorted = drafts.slice().sort(compare[sort.value] || byText(sort.value));
    list.append(...sorted);
    status.textContent = drafts.length ? `Showing ${shown} of ${drafts.length} flagged drafts.` : "";
  }

  for (const el of [...Object.values(filters), sort]) el.addEventListener("change", update);
  control("f-reset").addEventListener("click", () => {
    for (const el of Object.values(filters)) el.value = "";
    sort.value = "order";
    update();
  });
  update();
})();
