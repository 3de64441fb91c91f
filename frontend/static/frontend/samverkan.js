/* Samverkan: small enhancements; every page works without them. */
(function () {
  "use strict";
  // Move focus to the error summary of a failed form, so that it is read out first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // The main menu (a <details>): CSS shows it open from 48rem on. A browser without
  // ::details-content opens it here instead, following the width.
  var menu = document.querySelector("[data-site-menu]");
  if (menu) {
    var detailsContent = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
    if (!detailsContent && window.matchMedia) {
      var wide = window.matchMedia("(min-width: 48rem)");
      var follow = function () {
        menu.open = wide.matches;
        menu.classList.toggle("is-always-open", wide.matches);
      };
      follow();
      if (wide.addEventListener) {
        wide.addEventListener("change", follow);
      } else if (wide.addListener) {
        wide.addListener(follow);
      }
    }
    // Escape closes the opened menu and returns to its button.
    menu.addEventListener("keydown", function (event) {
      var button = menu.querySelector("summary");
      if (event.key === "Escape" && menu.open && button && button.offsetParent !== null) {
        menu.open = false;
        button.focus();
      }
    });
    // The count on the menu button follows the live one on "Start" (notifications.js).
    var badge = menu.querySelector("[data-unread-badge]");
    var mirror = menu.querySelector("[data-unread-mirror]");
    if (badge && mirror && window.MutationObserver) {
      new MutationObserver(function () {
        if (badge.firstChild && mirror.firstChild) {
          mirror.firstChild.nodeValue = badge.firstChild.nodeValue;
        }
      }).observe(badge, { characterData: true, childList: true, subtree: true });
    }
  }
})();
