// The record form's attendance table: search, "all present", live counts, reason only when
// on leave, and sections that follow the chosen activity type. The form works without it.
(() => {
  const card = document.getElementById("attendance-card");
  const form = document.getElementById("activity-form");
  if (!form) return;
  const rows = card ? Array.from(card.querySelectorAll(".attendance-row")) : [];
  const search = document.getElementById("attendance-search");
  const allPresent = document.getElementById("attendance-all-present");

  const statusOf = (row) => {
    const checked = row.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "present";
  };

  const refreshRow = (row) => {
    const reason = row.querySelector(".attendance-reason");
    const onLeave = statusOf(row) === "on_leave";
    reason.classList.toggle("invisible", !onLeave && !reason.value && !reason.classList.contains("is-invalid"));
    reason.required = onLeave;
  };

  const refreshCounts = () => {
    const counts = { present: 0, on_leave: 0, absent: 0 };
    rows.forEach((row) => {
      const removed = row.querySelector("input[name^=remove-]:checked");
      if (row.dataset.guest === "1" || removed) return;
      counts[statusOf(row)] += 1;
    });
    Object.entries(counts).forEach(([status, count]) => {
      const target = card.querySelector(`[data-count="${status}"]`);
      if (target) target.textContent = count;
    });
  };

  if (rows.length) {
    search.hidden = false;
    allPresent.hidden = false;
    rows.forEach(refreshRow);
    card.addEventListener("change", (event) => {
      const row = event.target.closest(".attendance-row");
      if (row) {
        refreshRow(row);
        if (event.target.value === "on_leave") row.querySelector(".attendance-reason").focus();
      }
      refreshCounts();
    });
    search.addEventListener("input", () => {
      const needle = search.value.trim().toLowerCase();
      rows.forEach((row) => {
        row.hidden = needle !== "" && !row.dataset.search.toLowerCase().includes(needle);
      });
    });
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault(); // searching must not submit the form
    });
    allPresent.addEventListener("click", () => {
      rows.forEach((row) => {
        const present = row.querySelector("input[type=radio][value=present]");
        if (present) present.checked = true;
        refreshRow(row);
      });
      refreshCounts();
    });
  }

  // Show the attendance table, results and partners only for types that use them.
  const flagsElement = document.getElementById("activity-type-flags");
  const typeSelect = document.getElementById("id_activity_type");
  if (flagsElement && typeSelect) {
    const flags = JSON.parse(flagsElement.textContent);
    const sections = {
      attendance: card,
      results: document.getElementById("result-fields"),
      partners: document.getElementById("partner-fields"),
    };
    const applyType = () => {
      const flag = flags[typeSelect.value];
      Object.entries(sections).forEach(([name, element]) => {
        if (element) element.hidden = flag ? !flag[name] : false;
      });
    };
    typeSelect.addEventListener("change", applyType);
    applyType();
  }
})();
