/* The start page's notifications, live: new ones appear at the top of the list, which is an ARIA
   live region, so that screen readers announce them. The socket reconnects by itself with a
   growing delay and asks for what it missed (?after=<last id>). Without JavaScript the page shows
   the state at load. */
(function () {
  "use strict";
  var list = document.getElementById("notification-list");
  if (!list || !window.WebSocket) {
    return;
  }
  var summary = document.getElementById("unread-summary");
  var after = Number(list.getAttribute("data-after")) || 0;
  var unread = list.querySelectorAll("li:not(.empty)").length;
  var delay = 1000;
  var english = document.documentElement.lang === "en";

  function describe(count) {
    if (english) {
      return count + (count === 1 ? " unread notification" : " unread notifications");
    }
    return count + (count === 1 ? " oläst notis" : " olästa notiser");
  }

  function show(message) {
    if (message.id <= after) {
      return;
    }
    after = message.id;
    var empty = list.querySelector("li.empty");
    if (empty) {
      empty.remove();
    }
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = message.url;
    link.textContent = message.title;
    item.appendChild(link);
    list.insertBefore(item, list.firstChild);
    unread += 1;
    if (summary) {
      summary.textContent = describe(unread);
    }
    var badge = document.querySelector("[data-unread-badge]");
    if (badge && badge.firstChild) {
      badge.firstChild.nodeValue = String(unread);
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/notifications/?after=" + after);
    socket.onopen = function () {
      delay = 1000;
    };
    socket.onmessage = function (event) {
      try {
        show(JSON.parse(event.data));
      } catch (error) {
        /* not a notification (a pong): nothing to show */
      }
    };
    socket.onclose = function (event) {
      if (event.code === 4001) {
        return; /* signed out: nothing more to receive */
      }
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }

  connect();
})();
