// The record form: choosing a series (or changing the date with a series chosen) fills the
// type, times, room, place and the rota's lead for that date, and says when a planned session
// of that date exists (saving then records it). The form works without this script.
(() => {
  const form = document.getElementById("activity-form");
  const urlsElement = document.getElementById("series-prefill-urls");
  const seriesSelect = document.getElementById("id_series");
  const dateInput = document.getElementById("id_date");
  if (!form || !urlsElement || !seriesSelect || !dateInput) return;
  const urls = JSON.parse(urlsElement.textContent);
  const note = document.createElement("div");
  note.id = "series-planned-note";
  note.className = "form-text text-success";
  note.hidden = true;
  seriesSelect.insertAdjacentElement("afterend", note);

  const setValue = (id, value) => {
    const element = document.getElementById(id);
    if (!element || value === undefined || value === null) return;
    element.value = String(value);
    element.dispatchEvent(new Event("change", { bubbles: true }));
  };

  const fill = async () => {
    const url = urls[seriesSelect.value];
    note.hidden = true;
    if (!url) return;
    const query = new URLSearchParams({ date: dateInput.value || "" });
    const response = await fetch(`${url}?${query}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const data = await response.json();
    setValue("id_activity_type", data.activity_type);
    if (data.start_time) setValue("id_start_time", data.start_time);
    setValue("id_end_time", data.end_time);
    setValue("id_room", data.room);
    setValue("id_location", data.location);
    setValue("id_lead", data.lead);
    const topic = document.getElementById("id_topic");
    if (topic && !topic.value) topic.value = seriesSelect.options[seriesSelect.selectedIndex].text;
    if (data.planned_url) {
      note.textContent = form.dataset.plannedText || "";
      const link = document.createElement("a");
      link.href = data.planned_url;
      link.textContent = form.dataset.plannedLink || data.planned_url;
      note.append(" ", link);
      note.hidden = false;
    }
  };

  seriesSelect.addEventListener("change", fill);
  dateInput.addEventListener("change", () => {
    if (seriesSelect.value) fill();
  });
})();
