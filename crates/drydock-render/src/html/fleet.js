"use strict";
// Filters for drydock's fleet page. The page is complete without this script: it only hides and
// shows rows that are already there, a page of them at a time.
(function () {
  const rows = Array.from(document.querySelectorAll("#host-matrix tbody tr"));
  const names = rows.map((r) => r.dataset.host.toLowerCase());
  const search = document.getElementById("h-search");
  const incomplete = document.getElementById("h-incomplete");
  const failing = document.getElementById("h-failing");
  const count = document.getElementById("h-count");
  const more = document.getElementById("h-more");
  const PAGE = 100;
  let limit = PAGE;

  function filter() {
    const text = search.value.trim().toLowerCase();
    let matching = 0;
    rows.forEach((row, i) => {
      const keep = (text === "" || names[i].includes(text))
        && (!incomplete.checked || row.dataset.complete === "false")
        && (!failing.checked || Number(row.dataset.failed) > 0);
      if (keep) matching += 1;
      row.hidden = !keep || matching > limit;
    });
    const shown = Math.min(matching, limit);
    count.value = `${shown} of ${matching} matching hosts shown (${rows.length} in all)`;
    more.hidden = matching <= shown;
    more.textContent = `Show ${Math.min(PAGE, matching - shown)} more of ${matching - shown}`;
  }

  function refilter() {
    limit = PAGE;
    filter();
  }

  search.addEventListener("input", refilter);
  search.addEventListener("change", refilter);
  incomplete.addEventListener("change", refilter);
  failing.addEventListener("change", refilter);
  more.addEventListener("click", () => {
    limit += PAGE;
    filter();
  });
  filter();
}());
