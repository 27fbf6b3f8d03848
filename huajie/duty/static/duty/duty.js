/* Duty screens: print buttons and "select all" for unit check boxes. No inline scripts
   (strict CSP). */
(function () {
  "use strict";
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-hj-print]");
    if (button) {
      event.preventDefault();
      window.print();
      return;
    }
    const all = event.target.closest("[data-hj-check-all]");
    if (all) {
      event.preventDefault();
      const boxes = document.querySelectorAll(`input[name="${all.dataset.hjCheckAll}"]`);
      const check = Array.from(boxes).some((box) => !box.checked);
      boxes.forEach((box) => { box.checked = check; });
    }
  });
})();
