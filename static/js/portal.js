// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) el.form.submit();
});
document.addEventListener("click", (event) => {
  const el = event.target.closest("[data-confirm]");
  // On a form, only its submit buttons ask (not every click inside it).
  if (el && el.tagName === "FORM" && !event.target.closest("button:not([type=button]), input[type=submit]")) return;
  if (el && !window.confirm(el.dataset.confirm)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
// Error pages: "back to the previous page" when there is one.
document.querySelectorAll("[data-history-back]").forEach((button) => {
  if (window.history.length < 2) return;
  button.hidden = false;
  button.addEventListener("click", () => window.history.back());
});
// A party-group select follows its branch select (data-groups-of): only the chosen
// branch's groups stay offered (the server refuses another branch's group anyway).
document.querySelectorAll("select[data-groups-of]").forEach((groups) => {
  const branches = document.getElementById(groups.dataset.groupsOf);
  if (!branches) return;
  const follow = () => {
    const chosen = branches.options[branches.selectedIndex];
    const path = chosen ? chosen.dataset.path || "" : "";
    for (const option of groups.options) {
      if (option.dataset.branch === undefined) continue; // the empty choice
      const other = option.dataset.branch !== path;
      option.hidden = other;
      option.disabled = other;
      if (other && option.selected) groups.value = "";
    }
  };
  branches.addEventListener("change", follow);
  follow();
});
