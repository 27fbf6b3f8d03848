// Routing suggestions on the registration form: as the clerk types the summary and content,
// ask /routing/suggest/ (title, content and the accused unit only — never the petitioners) and
// show up to three categories and units. Alt+1…Alt+3, or a click, puts that category into the
// form's category field.
(function () {
  "use strict";
  const box = document.getElementById("routing-suggestions");
  if (!box) return;
  const form = box.closest("form");
  if (!form) return;
  const field = (name) => form.querySelector(`[name="${name}"]`);
  let timer = null;
  let asked = "";

  function ask() {
    const title = (field("title") || {}).value || "";
    const content = (field("content") || {}).value || "";
    const accused = (field("accused_unit") || {}).value || "";
    const key = [title, content, accused].join("\u0001");
    if (key === asked) return;
    asked = key;
    if ((title + content).replace(/\s+/g, "").length < 2) {
      box.innerHTML = "";
      return;
    }
    const token = (field("csrfmiddlewaretoken") || {}).value || "";
    const body = new URLSearchParams({ title, content, accused_unit: accused });
    fetch(box.dataset.routingUrl, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token },
    })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => {
        if (key === asked) box.innerHTML = html;
      })
      .catch(() => {});
  }

  function accept(rank) {
    const button = box.querySelector(`[data-routing-rank="${rank}"]`);
    const select = field("category");
    if (!button || !select) return false;
    select.value = button.dataset.routingCategory;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    box.querySelectorAll("[data-routing-rank]").forEach((b) => {
      b.classList.toggle("active", b === button);
      b.setAttribute("aria-pressed", b === button ? "true" : "false");
    });
    return true;
  }

  form.addEventListener("input", (event) => {
    const name = event.target && event.target.name;
    if (name === "title" || name === "content") {
      clearTimeout(timer);
      timer = setTimeout(ask, 350);
    }
  });
  form.addEventListener("change", (event) => {
    const name = event.target && event.target.name;
    if (name === "title" || name === "content" || name === "accused_unit") ask();
  });
  box.addEventListener("click", (event) => {
    const button = event.target.closest("[data-routing-rank]");
    if (button) accept(button.dataset.routingRank);
  });
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const match = /^(?:Digit|Numpad)([1-3])$/.exec(event.code || "");
    if (match && accept(match[1])) event.preventDefault();
  });
  ask();
})();
