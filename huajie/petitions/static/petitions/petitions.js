/* Petition screens: keyboard-first forms, petitioner rows, date pickers, tooltips. No build step. */
(function () {
  "use strict";

  const TEXT_TYPES = new Set(["text", "search", "tel", "number", "email", "date", "checkbox", "radio", "url", ""]);

  function focusables(form) {
    return Array.from(form.querySelectorAll("input, select, textarea, button"))
      .filter((el) => !el.disabled && el.type !== "hidden" && el.tabIndex >= 0 && el.offsetParent !== null)
      .filter((el) => !(el.type === "radio" && !el.checked && form.querySelector(`input[name="${el.name}"]:checked`)));
  }

  /* Enter in a one-line field moves to the next field; only the submit button or Ctrl+Enter submits. */
  function keyboardForm(form) {
    form.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
      const target = event.target;
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        const submit = form.querySelector("[data-hj-submit]");
        form.requestSubmit(submit || undefined);
        return;
      }
      if (target.tagName === "INPUT" && TEXT_TYPES.has(target.type)) {
        event.preventDefault();
        const list = focusables(form);
        const next = list[list.indexOf(target) + 1];
        if (next && !next.matches("[data-hj-submit]")) next.focus();
      }
    });
  }

  /* Date: the text field accepts 2026-01-05 or 2026/1/5; the button opens the native picker. */
  function datePickers(root) {
    root.querySelectorAll("[data-hj-date-picker]").forEach((button) => {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      const group = button.closest(".hj-date");
      const text = group.querySelector("input:not(.hj-date-proxy)");
      const proxy = group.querySelector(".hj-date-proxy");
      button.addEventListener("click", () => {
        const typed = (text.value || "").trim().replace(/[/.]/g, "-").split("-");
        if (typed.length === 3) {
          proxy.value = `${typed[0]}-${typed[1].padStart(2, "0")}-${typed[2].padStart(2, "0")}`;
        }
        try { proxy.showPicker(); } catch (e) { proxy.focus(); }
      });
      proxy.addEventListener("change", () => {
        if (proxy.value) {
          text.value = proxy.value;
          text.dispatchEvent(new Event("change", { bubbles: true }));
          text.focus();
        }
      });
    });
  }

  /* Petitioner rows: add and remove, renumbering the formset so the server sees a tidy list. */
  function renumber(container, prefix) {
    const rows = container.querySelectorAll("[data-hj-row]");
    rows.forEach((row, i) => {
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((el) => {
        ["name", "id", "for", "aria-describedby"].forEach((attr) => {
          const value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(new RegExp(`${prefix}-(\\d+|__prefix__)-`), `${prefix}-${i}-`));
        });
      });
      row.querySelectorAll("[data-hj-row-number]").forEach((el) => { el.textContent = String(i + 1); });
      const remove = row.querySelector("[data-hj-remove-row]");
      if (remove) remove.setAttribute("aria-label", `删除第${i + 1}个信访人`);
    });
    document.getElementById(`id_${prefix}-TOTAL_FORMS`).value = String(rows.length);
    countRepresentatives();
  }

  function countRepresentatives() {
    const note = document.querySelector("[data-hj-rep-count]");
    if (!note) return;
    const max = Number(note.dataset.max);
    const n = document.querySelectorAll('[data-hj-row] input[name$="-is_representative"]:checked').length;
    note.textContent = n ? `已勾选代表 ${n} 人（不超过${max}人）` : `集体访请勾选推选的代表（不超过${max}人）`;
    note.classList.toggle("text-danger", n > max);
  }

  function petitionerRows() {
    document.querySelectorAll("[data-hj-add-row]").forEach((button) => {
      const prefix = button.dataset.hjAddRow;
      const container = document.querySelector(`[data-hj-rows="${prefix}"]`);
      const template = document.getElementById(`${prefix}-empty-row`);
      button.addEventListener("click", () => {
        container.appendChild(template.content.cloneNode(true));
        renumber(container, prefix);
        const rows = container.querySelectorAll("[data-hj-row]");
        rows[rows.length - 1].querySelector("input").focus();
      });
      container.addEventListener("click", (event) => {
        const remove = event.target.closest("[data-hj-remove-row]");
        if (!remove) return;
        const row = remove.closest("[data-hj-row]");
        const rows = Array.from(container.querySelectorAll("[data-hj-row]"));
        const index = rows.indexOf(row);
        if (rows.length === 1) {
          row.querySelectorAll("input").forEach((el) => { if (el.type === "checkbox") el.checked = false; else el.value = ""; });
          row.querySelector("input").focus();
          countRepresentatives();
          return;
        }
        row.remove();
        renumber(container, prefix);
        const left = container.querySelectorAll("[data-hj-row]");
        (left[Math.min(index, left.length - 1)].querySelector("input") || button).focus();
      });
      container.addEventListener("change", countRepresentatives);
      countRepresentatives();
    });
  }

  /* Show a block only for one value of a radio group, e.g. 上级交办 fields for channel=higher. */
  function conditionalBlocks() {
    document.querySelectorAll("[data-hj-show-for]").forEach((block) => {
      const [name, value] = block.dataset.hjShowFor.split("=");
      const radios = document.querySelectorAll(`input[name="${name}"]`);
      const update = () => {
        const checked = document.querySelector(`input[name="${name}"]:checked`);
        block.hidden = !checked || checked.value !== value;
      };
      radios.forEach((r) => r.addEventListener("change", update));
      update();
    });
  }

  /* Show or hide a block by a checkbox, e.g. the petitioner rows once 匿名 is ticked. */
  function checkboxBlocks() {
    document.querySelectorAll("[data-hj-hidden-by], [data-hj-shown-by]").forEach((block) => {
      const name = block.dataset.hjHiddenBy || block.dataset.hjShownBy;
      const box = document.querySelector(`input[type="checkbox"][name="${name}"]`);
      if (!box) return;
      const update = () => { block.hidden = block.dataset.hjHiddenBy ? box.checked : !box.checked; };
      box.addEventListener("change", update);
      update();
    });
  }

  /* A long select (问题分类, 650 options) gets a box above it: typing hides the options whose
     text (with their group's label) lacks a word typed. The options stay in the select (hidden,
     not removed), so the form posts as before and a script may still set any value. */
  function searchableSelects() {
    document.querySelectorAll("select[data-hj-searchable]").forEach((select) => {
      const box = document.createElement("input");
      box.type = "search";
      box.name = `${select.name}_search`;
      box.className = "form-control mb-1";
      box.placeholder = select.dataset.hjSearchable;
      box.autocomplete = "off";
      box.setAttribute("aria-label", select.dataset.hjSearchable);
      box.setAttribute("aria-controls", select.id);
      const note = document.createElement("div");
      note.className = "form-text mt-0 mb-1";
      note.setAttribute("aria-live", "polite");
      select.before(box, note);
      box.addEventListener("input", () => {
        const words = box.value.trim().split(/\s+/).filter(Boolean);
        let count = 0;
        let only = null;
        select.querySelectorAll("option").forEach((option) => {
          if (!option.value) return;  // the blank choice always stays
          const group = option.parentElement.tagName === "OPTGROUP" ? option.parentElement.label : "";
          const text = `${group} ${option.textContent}`;
          const shown = words.every((w) => text.includes(w)) || option.value === select.value;
          option.hidden = !shown;
          if (shown) { count += 1; only = option; }
        });
        select.querySelectorAll("optgroup").forEach((group) => {
          group.hidden = !group.querySelector("option:not([hidden])");
        });
        note.textContent = words.length ? `找到 ${count} 个分类` : "";
        if (words.length && count === 1 && !select.value) select.value = only.value;
      });
    });
  }

  function tooltips(root) {
    if (!window.bootstrap) return;
    root.querySelectorAll('[data-bs-toggle="tooltip"]').forEach((el) => {
      window.bootstrap.Tooltip.getOrCreateInstance(el, { trigger: "hover focus" });
    });
  }

  /* After a refusal, put the cursor where the work is. */
  function focusFirstProblem() {
    const invalid = document.querySelector(".hj-form .is-invalid");
    const target = invalid && (invalid.matches("input, select, textarea") ? invalid : invalid.querySelector("input"));
    if (target) { target.focus(); return; }
    const alert = document.querySelector("[data-testid='case-error']");
    if (alert) alert.focus();
  }

  function actionPanels() {
    document.querySelectorAll("#action-panels > .collapse").forEach((panel) => {
      panel.addEventListener("shown.bs.collapse", () => {
        const first = focusables(panel.querySelector("form"))[0];
        if (first) first.focus();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-hj-keyboard]").forEach(keyboardForm);
    document.querySelectorAll("form[data-hj-autosubmit] select").forEach((select) => {
      select.addEventListener("change", () => select.form.submit());
    });
    document.querySelectorAll("[data-hj-print]").forEach((b) => b.addEventListener("click", () => window.print()));
    datePickers(document);
    petitionerRows();
    conditionalBlocks();
    checkboxBlocks();
    searchableSelects();
    tooltips(document);
    actionPanels();
    focusFirstProblem();
  });
  document.addEventListener("htmx:afterSwap", (event) => { datePickers(event.target); tooltips(event.target); });
})();
