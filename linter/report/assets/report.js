// postlint report: put the summary first, then filter the findings and the drafts, and sort the
// drafts. No network, no library.
(function () {
  "use strict";
  const main = document.getElementById("main");
  const summary = document.getElementById("summary");
  main.prepend(summary);  // first in reading and keyboard order too, not only on screen
  const list = document.getElementById("draft-list");
  const drafts = Array.from(list.querySelectorAll("article.draft"));
  const control = (id) => document.getElementById(id);
  const show = control("f-show");
  // Author and channel filters exist only when some draft has the field.
  const filters = { category: control("f-category"), severity: control("f-severity"),
                    author: control("f-author"), channel: control("f-channel") };
  const fieldFilters = ["author", "channel"].filter((key) => filters[key]);
  const sort = control("f-sort");
  const status = control("f-status");
  const none = list.querySelector("p.none");

  for (const key of fieldFilters) {
    const values = Array.from(new Set(drafts.map((d) => d.dataset[key]).filter(Boolean))).sort();
    for (const value of values) filters[key].append(new Option(value, value));
  }

  const chosen = (key) => (filters[key] ? filters[key].value : "");

  function findingShown(item) {
    return (!chosen("category") || item.dataset.category === chosen("category"))
      && (!chosen("severity") || item.dataset.severity === chosen("severity"));
  }

  function fieldsMatch(draft) {
    return fieldFilters.every((key) => !chosen(key) || draft.dataset[key] === chosen(key));
  }

  /** Show the findings of a flagged draft that pass the filters (messages, marks, numbers); returns how many. */
  function filterFindings(draft) {
    const shown = new Set();
    for (const item of draft.querySelectorAll(".messages li")) {
      const visible = findingShown(item);
      item.classList.toggle("hidden", !visible);
      if (visible) shown.add(item.dataset.finding);
    }
    for (const mark of draft.querySelectorAll("mark")) {
      mark.classList.toggle("off", !mark.dataset.findings.split(" ").some((n) => shown.has(n)));
    }
    for (const ref of draft.querySelectorAll("a.ref")) ref.classList.toggle("hidden", !shown.has(ref.dataset.finding));
    return shown.size;
  }

  function visibleCount(draft) {
    const clean = draft.classList.contains("clean");
    if (!fieldsMatch(draft)) return { visible: false, findings: 0 };
    if (clean) return { visible: show.value === "clean" || (show.value === "all" && !chosen("category") && !chosen("severity")), findings: 0 };
    const findings = filterFindings(draft);
    return { visible: show.value !== "clean" && findings > 0, findings };
  }

  const compare = {
    order: (a, b) => a.dataset.order - b.dataset.order,
    rank: (a, b) => b.dataset.rank - a.dataset.rank || b.dataset.count - a.dataset.count || a.dataset.order - b.dataset.order,
    count: (a, b) => b.dataset.count - a.dataset.count || a.dataset.order - b.dataset.order,
  };
  const byText = (key) => (a, b) => (a.dataset[key] || "\uffff").localeCompare(b.dataset[key] || "\uffff") || a.dataset.order - b.dataset.order;
  const KIND = { flagged: "flagged ", clean: "clean ", all: "" };

  function update() {
    // Clean drafts have no findings to filter.
    filters.category.disabled = filters.severity.disabled = show.value === "clean";
    let shown = 0;
    let findings = 0;
    const pool = drafts.filter((d) => show.value === "all" || d.classList.contains("clean") === (show.value === "clean"));
    for (const draft of drafts) {
      const result = visibleCount(draft);
      draft.classList.toggle("hidden", !result.visible);
      shown += result.visible;
      if (result.visible) findings += result.findings;
    }
    if (none) none.classList.toggle("hidden", show.value === "clean");
    list.append(...drafts.slice().sort(compare[sort.value] || byText(sort.value)));
    const counted = show.value === "clean" ? "" : ` (${findings} ${findings === 1 ? "finding" : "findings"})`;
    status.textContent = `Showing ${shown} of ${pool.length} ${KIND[show.value]}drafts${counted}.`;
  }

  for (const el of [show, ...Object.values(filters).filter(Boolean), sort]) el.addEventListener("change", update);
  control("f-reset").addEventListener("click", () => {
    for (const el of Object.values(filters).filter(Boolean)) el.value = "";
    show.value = "flagged";
    sort.value = "order";
    update();
  });
  update();
})();
