"use strict";
// Filters for drydock's HTML report. The page is complete without this script; it only hides
// and shows what is already there.
(function () {
  const all = (selector) => Array.from(document.querySelectorAll(selector));
  const checkedValues = (boxes) => new Set(boxes.filter((b) => b.checked).map((b) => b.value));

  // Results.
  const rows = all("#finding-table tbody tr");
  const rowText = rows.map((r) => r.textContent.toLowerCase());
  const statusBoxes = all("#finding-filters .f-status");
  const severity = document.getElementById("f-severity");
  const kind = document.getElementById("f-kind");
  const search = document.getElementById("f-search");
  const findingCount = document.getElementById("f-count");

  // Rows are shown a page at a time: a large host has thousands, and laying them all out at
  // once makes the page slow to open and to scroll.
  const PAGE = 500;
  let pageLimit = PAGE;
  const more = document.getElementById("f-more");

  function filterFindings() {
    const statuses = checkedValues(statusBoxes);
    const least = Number(severity.value);
    const wanted = kind.value;
    const text = search.value.trim().toLowerCase();
    let matching = 0;
    rows.forEach((row, i) => {
      const keep = statuses.has(row.dataset.status)
        && Number(row.dataset.severity) >= least
        && (wanted === "" || row.dataset.kind === wanted)
        && (text === "" || rowText[i].includes(text));
      if (keep) matching += 1;
      row.hidden = !keep || matching > pageLimit;
    });
    const shown = Math.min(matching, pageLimit);
    findingCount.value = matching > shown
      ? `${shown} of ${matching} matching results shown (${rows.length} in all)`
      : `${shown} of ${rows.length} results shown`;
    if (more) {
      more.hidden = matching <= shown;
      more.textContent = `Show ${Math.min(PAGE, matching - shown)} more of ${matching - shown}`;
    }
  }

  function refilter() {
    pageLimit = PAGE;
    filterFindings();
  }

  function showOnlyStatus(boxes, status) {
    boxes.forEach((b) => { b.checked = b.value === status; });
  }

  // Threats.
  const threats = all("#threat-items details.threat");
  const threatBoxes = all("#threat-filters .t-status");
  const element = document.getElementById("t-element");
  const threatCount = document.getElementById("t-count");

  function filterThreats() {
    if (!element) return;
    const statuses = checkedValues(threatBoxes);
    let shown = 0;
    threats.forEach((t) => {
      const keep = statuses.has(t.dataset.status)
        && (element.value === "" || t.dataset.element === element.value);
      t.hidden = !keep;
      if (keep) shown += 1;
    });
    threatCount.value = `${shown} of ${threats.length} threats shown`;
    all("svg.dfd .element").forEach((g) => {
      g.classList.toggle("selected", g.dataset.element === element.value);
    });
  }

  function selectElement(id) {
    if (!element) return;
    element.value = element.value === id ? "" : id;
    // Every status, so the element's threats all show, not applicable ones included.
    threatBoxes.forEach((b) => { b.checked = true; });
    filterThreats();
    document.getElementById("threat-list").scrollIntoView({ behavior: "smooth" });
  }

  // A link to a result or a threat shows it even when the filters hide it.
  function reveal() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    if (!target) return;
    if (target.tagName === "TR" && target.hidden) {
      statusBoxes.forEach((b) => { if (b.value === target.dataset.status) b.checked = true; });
      severity.value = "0";
      kind.value = "";
      search.value = "";
      // The page grows to the row.
      pageLimit = Math.max(PAGE, rows.indexOf(target) + 1);
      filterFindings();
    }
    if (target.tagName === "DETAILS") {
      if (target.hidden) {
        threatBoxes.forEach((b) => { if (b.value === target.dataset.status) b.checked = true; });
        if (element) element.value = "";
        filterThreats();
      }
      target.open = true;
    }
    target.scrollIntoView();
  }

  statusBoxes.forEach((b) => b.addEventListener("change", refilter));
  [severity, kind].forEach((s) => s.addEventListener("change", refilter));
  if (more) {
    more.addEventListener("click", () => {
      pageLimit += PAGE;
      filterFindings();
    });
  }
  // Typing is debounced: a report can hold tens of thousands of rows.
  let typing = 0;
  search.addEventListener("input", () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(refilter, rows.length > 2000 ? 200 : 0);
  });
  search.addEventListener("change", refilter);
  threatBoxes.forEach((b) => b.addEventListener("change", filterThreats));
  if (element) element.addEventListener("change", filterThreats);

  all("[data-show-status]").forEach((a) => a.addEventListener("click", () => {
    showOnlyStatus(statusBoxes, a.dataset.showStatus);
    refilter();
  }));
  all("[data-show-threat-status]").forEach((a) => a.addEventListener("click", () => {
    showOnlyStatus(threatBoxes, a.dataset.showThreatStatus);
    if (element) element.value = "";
    filterThreats();
  }));
  all("svg.dfd .element, button[data-element]").forEach((node) => {
    node.addEventListener("click", () => selectElement(node.dataset.element));
    node.addEventListener("keydown", (e) => {
      if (node.tagName !== "BUTTON" && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        selectElement(node.dataset.element);
      }
    });
  });
  // Attack paths: a button highlights the path's elements and flows on the topology.
  const sysmap = document.querySelector("svg.sysmap");
  all("button.path").forEach((b) => b.addEventListener("click", () => {
    if (!sysmap) return;
    const on = b.getAttribute("aria-pressed") !== "true";
    all("button.path").forEach((o) => o.setAttribute("aria-pressed", "false"));
    sysmap.querySelectorAll(".hl").forEach((n) => n.classList.remove("hl"));
    sysmap.classList.toggle("highlighting", on);
    if (!on) return;
    b.setAttribute("aria-pressed", "true");
    const nodes = new Set(b.dataset.nodes.split(" "));
    const edges = new Set(b.dataset.edges.split(" "));
    sysmap.querySelectorAll("[data-node]").forEach((n) => {
      if (nodes.has(n.dataset.node)) n.classList.add("hl");
    });
    sysmap.querySelectorAll("[data-edge]").forEach((n) => {
      if (edges.has(n.dataset.edge)) n.classList.add("hl");
    });
  }));
  window.addEventListener("hashchange", reveal);

  filterFindings();
  filterThreats();
  reveal();
}());
