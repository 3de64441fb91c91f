/* Samverkan: small enhancements; every page works without them. */
(function () {
  "use strict";
  // Move focus to the error summary of a failed form, so that it is read out first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
