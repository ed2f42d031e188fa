// Move focus to the error summary so keyboard and screen reader users hear it first.
// Without JavaScript the summary is still the first thing in <main>.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
