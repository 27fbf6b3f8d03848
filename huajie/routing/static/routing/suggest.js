// Routing suggestions on the registration form: as the clerk types the summary and content,
// ask /routing/suggest/ (title, content and the accused unit only — never the petitioners) and
// show up to three categories and units. Alt+1…Alt+3, or a click, puts that category into the
// form's category field; Alt+4…Alt+6, or a click, records that unit as the one to transfer or
// assign to (the hidden x_routing_unit, stored with the case's suggestion; the accused unit is
// never among the proposals).
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
        if (key !== asked) return;
        box.innerHTML = html;
        mark("[data-routing-unit]", (b) => b.dataset.routingUnit === chosenUnit());
      })
      .catch(() => {});
  }

  const chosenUnit = () => (field("x_routing_unit") || {}).value || "";

  function mark(selector, pressed) {
    box.querySelectorAll(selector).forEach((b) => {
      b.classList.toggle("active", pressed(b));
      b.setAttribute("aria-pressed", pressed(b) ? "true" : "false");
    });
  }

  function accept(rank) {
    const button = box.querySelector(`[data-routing-rank="${rank}"]`);
    const select = field("category");
    if (!button || !select) return false;
    select.value = button.dataset.routingCategory;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    mark("[data-routing-rank]", (b) => b === button);
    return true;
  }

  function acceptUnit(rank) {
    const button = box.querySelector(`[data-routing-unit-rank="${rank}"]`);
    const input = field("x_routing_unit");
    if (!button || !input) return false;
    // A second press on the chosen unit takes the choice back.
    input.value = input.value === button.dataset.routingUnit ? "" : button.dataset.routingUnit;
    mark("[data-routing-unit]", (b) => b.dataset.routingUnit === input.value);
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
    if (name === "accused_unit") {
      // The accused unit is never proposed: a unit chosen before it was named is dropped.
      const input = field("x_routing_unit");
      if (input) input.value = "";
    }
    if (name === "title" || name === "content" || name === "accused_unit") ask();
  });
  box.addEventListener("click", (event) => {
    const button = event.target.closest("[data-routing-rank]");
    if (button) accept(button.dataset.routingRank);
    const unit = event.target.closest("[data-routing-unit-rank]");
    if (unit) acceptUnit(unit.dataset.routingUnitRank);
  });
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const match = /^(?:Digit|Numpad)([1-6])$/.exec(event.code || "");
    if (!match) return;
    const n = Number(match[1]);
    if (n <= 3 ? accept(n) : acceptUnit(n - 3)) event.preventDefault();
  });
  ask();
})();
