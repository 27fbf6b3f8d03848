/* Progressive enhancement only: every form works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    document.body.classList.add("js");
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
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
