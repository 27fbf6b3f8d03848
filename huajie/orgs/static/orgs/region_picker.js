/* County → town → village (orgs/includes/region_picker.html): hide the options that are not
   under the chosen parent. Progressive enhancement only: without it every option is listed and
   the server checks that each level lies under the one above. */
(function () {
  "use strict";
  function setup(box) {
    if (box.getAttribute("data-region-ready")) { return; }
    box.setAttribute("data-region-ready", "1");
    var chain = ["county", "town", "village"].map(function (level) {
      return box.querySelector('select[data-level="' + level + '"]');
    });
    if (chain.some(function (el) { return !el; })) { return; }
    function filter(level) {
      var parent = chain[level - 1].value;
      var select = chain[level];
      var keep = false;
      Array.prototype.forEach.call(select.querySelectorAll("option[data-parent]"), function (opt) {
        var show = !parent || opt.getAttribute("data-parent") === parent;
        opt.hidden = !show;
        opt.disabled = !show;
        if (show && opt.selected) { keep = true; }
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (!keep) { select.value = ""; }
      if (level + 1 < chain.length) { filter(level + 1); }
    }
    chain[0].addEventListener("change", function () { filter(1); });
    chain[1].addEventListener("change", function () { filter(2); });
    filter(1);
  }
  function all() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-region-picker]"), setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", all);
  } else {
    all();
  }
})();
