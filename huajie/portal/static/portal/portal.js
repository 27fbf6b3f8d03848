/* Progressive enhancement only: every form works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    document.body.classList.add("js");
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    setupRegions();
    setupCategorySearch();
    setupCaptcha();
  });

  /* "New picture" reloads only the picture, keeping what was typed. */
  function setupCaptcha() {
    var box = document.querySelector(".portal-captcha");
    if (!box) { return; }
    var img = box.querySelector("img");
    var link = box.querySelector("a");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      img.src = img.src.split("?")[0] + "?n=" + Date.now();
      var input = document.getElementById("id_captcha");
      if (input) { input.value = ""; input.focus(); }
    });
  }

  /* County → town → village: hide the options that are not under the chosen parent. */
  function setupRegions() {
    var chain = ["id_county", "id_town", "id_village"].map(function (id) {
      return document.getElementById(id);
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
        var any = group.querySelector("option:not([hidden])");
        group.hidden = !any;
      });
      if (!keep) { select.value = ""; }
      if (level + 1 < chain.length) { filter(level + 1); }
    }
    chain[0].addEventListener("change", function () { filter(1); });
    chain[1].addEventListener("change", function () { filter(2); });
    filter(1);
  }

  /* A search box above the category list: typing filters the options. */
  function setupCategorySearch() {
    var select = document.getElementById("id_category");
    var box = document.getElementById("id_category_search");
    var status = document.getElementById("category_search_status");
    if (!select || !box) { return; }
    box.addEventListener("input", function () {
      var term = box.value.trim();
      var shown = 0;
      var first = null;
      Array.prototype.forEach.call(select.options, function (opt) {
        if (!opt.value) { return; }
        var match = !term || opt.text.indexOf(term) !== -1;
        opt.hidden = !match;
        if (match) { shown += 1; if (!first) { first = opt; } }
      });
      if (term && first && select.selectedOptions.length && select.selectedOptions[0].hidden) {
        select.value = first.value;
      }
      if (status) { status.textContent = term ? "找到 " + shown + " 个分类" : ""; }
    });
  }
})();
