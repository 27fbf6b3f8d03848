// The mediation screens' behaviour (no inline scripts: a strict CSP is coming).
document.addEventListener("DOMContentLoaded", () => {
  // A link to a folded section (#unit-12 in the screening summary) unfolds it.
  const unfold = () => {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (target instanceof HTMLDetailsElement) target.open = true;
  };
  window.addEventListener("hashchange", unfold);
  unfold();
  // Paper gets every unit's periods: folded sections open for printing and fold back after.
  let folded = [];
  window.addEventListener("beforeprint", () => {
    folded = Array.from(document.querySelectorAll("details.med-unit:not([open])"));
    folded.forEach((d) => { d.open = true; });
  });
  window.addEventListener("afterprint", () => folded.forEach((d) => { d.open = false; }));
  document.querySelectorAll("[data-med-print]").forEach((b) => b.addEventListener("click", () => window.print()));
  // Enter never submits half a form: it moves to the next field; Ctrl+Enter submits.
  document.querySelectorAll("form[data-med-keyboard]").forEach((form) => {
    form.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      const target = event.target;
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        form.requestSubmit();
        return;
      }
      if (!(target instanceof HTMLInputElement) || target.type === "submit") return;
      event.preventDefault();
      const fields = Array.from(form.querySelectorAll("input:not([type=hidden]), select, textarea, button"))
        .filter((el) => !el.disabled && el.offsetParent !== null);
      const next = fields[fields.indexOf(target) + 1];
      if (next) next.focus();
    });
  });
});
