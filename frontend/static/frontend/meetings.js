/* The meeting page during the meeting: minutes saved as they are typed, the agenda reordered
   by buttons or by dragging. Every form still posts without this script. */
(function () {
  "use strict";
  var AUTOSAVE_EVERY = 5000;

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url, form, data) {
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form), "X-Requested-With": "fetch", Accept: "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok || !body.saved) {
          var error = new Error("not saved");
          error.errors = body.errors || null;
          throw error;
        }
        return body;
      });
    });
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  // Minutes: autosave on leaving a field and every few seconds; a copy of unsaved text is kept
  // in this browser until the server has it.
  function setUpMinutes(form) {
    var store = storage();
    var key = form.getAttribute("data-storage-key");
    var status = form.querySelector("[data-save-status]");
    var fields = Array.prototype.slice.call(form.querySelectorAll("textarea, input[type=radio]"));
    var dirty = false;
    var saving = false;

    function say(text, failed) {
      status.textContent = text;
      status.classList.toggle("is-failed", !!failed);
    }

    function snapshot() {
      var values = {};
      fields.forEach(function (field) {
        if (field.type === "radio") {
          if (field.checked) { values[field.name] = field.value; }
        } else {
          values[field.name] = field.value;
        }
      });
      return values;
    }

    function keep() {
      if (store) {
        try { store.setItem(key, JSON.stringify(snapshot())); } catch (error) { /* full */ }
      }
    }

    function save() {
      if (!dirty || saving) { return; }
      saving = true;
      dirty = false;
      say(form.getAttribute("data-saving"));
      post(form.action, form, new FormData(form)).then(function (body) {
        saving = false;
        if (!dirty && store) { store.removeItem(key); }
        say(form.getAttribute("data-saved") + (body.saved_at ? " " + body.saved_at : ""));
      }).catch(function (error) {
        saving = false;
        keep();
        var messages = [];
        if (error.errors) {
          Object.keys(error.errors).forEach(function (name) {
            messages = messages.concat(error.errors[name]);
          });
        }
        // A refusal waits for the text to change; a lost connection is tried again.
        dirty = !error.errors;
        say(form.getAttribute("data-failed") + (messages.length ? " " + messages.join(" ") : ""), true);
        if (error.errors && error.errors.personal_data_reason) {
          var details = form.querySelector("details.personal-data");
          if (details) { details.open = true; }
        }
      });
    }

    // Text typed earlier in this browser and never saved comes back.
    if (store && store.getItem(key)) {
      try {
        var kept = JSON.parse(store.getItem(key));
        var current = snapshot();
        var differs = Object.keys(kept).some(function (name) { return kept[name] !== current[name]; });
        if (differs) {
          fields.forEach(function (field) {
            if (!(field.name in kept)) { return; }
            if (field.type === "radio") {
              field.checked = field.value === kept[field.name];
            } else {
              field.value = kept[field.name];
            }
          });
          dirty = true;
          say(form.getAttribute("data-restored"));
        } else {
          store.removeItem(key);
        }
      } catch (error) {
        store.removeItem(key);
      }
    }

    fields.forEach(function (field) {
      field.addEventListener("input", function () { dirty = true; keep(); });
      field.addEventListener("change", function () { dirty = true; keep(); save(); });
      if (field.tagName === "TEXTAREA") {
        field.addEventListener("blur", save);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      dirty = true;
      save();
    });
    window.setInterval(save, AUTOSAVE_EVERY);
    window.addEventListener("beforeunload", keep);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), setUpMinutes);

  // A warning about a personal identity number opens the field for the reason.
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (!form || !form.hasAttribute("data-personal-data-form")) { return; }
    window.setTimeout(function () {
      var details = form.querySelector("details.personal-data");
      if (details && form.querySelector(".pd-warning.is-active")) { details.open = true; }
    }, 0);
  });

  // Agenda: Move up / Move down post in the background; dragging posts the whole order.
  var container = document.getElementById("agenda-container");
  var announce = document.getElementById("agenda-status");
  if (!container) { return; }

  function list() { return container.querySelector("ol[data-reorder-url]"); }

  function replaceAgenda(body, focusId, direction) {
    container.innerHTML = body.html;
    // The minutes follow the agenda's order.
    var minutes = document.getElementById("minutes-list");
    if (minutes) {
      body.order.forEach(function (id) {
        var article = document.getElementById("minutes-" + id);
        if (article) { minutes.appendChild(article); }
      });
    }
    var ol = list();
    if (announce && ol) { announce.textContent = ol.getAttribute("data-moved"); }
    if (focusId) {
      var item = document.getElementById("agenda-item-" + focusId);
      var button = item && item.querySelector("button[data-move=" + direction + "]");
      if (button && button.disabled) {
        button = item.querySelector("button[data-move]:not([disabled])");
      }
      if (button) { button.focus(); }
    }
    setUpDragging();
  }

  function failed() {
    var ol = list();
    if (announce && ol) { announce.textContent = ol.getAttribute("data-failed"); }
  }

  container.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-move-form")) { return; }
    event.preventDefault();
    var data = new FormData(form);
    var id = data.get("item");
    var direction = data.get("move");
    post(form.action, form, data).then(function (body) {
      replaceAgenda(body, id, direction);
    }).catch(failed);
  });

  function setUpDragging() {
    var ol = list();
    if (!ol) { return; }
    var dragged = null;
    Array.prototype.forEach.call(ol.querySelectorAll("li[draggable]"), function (li) {
      li.addEventListener("dragstart", function (event) {
        dragged = li;
        li.classList.add("is-dragged");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", li.getAttribute("data-id"));
      });
      li.addEventListener("dragend", function () {
        li.classList.remove("is-dragged");
      });
      li.addEventListener("dragover", function (event) {
        if (!dragged || dragged === li) { return; }
        event.preventDefault();
        var box = li.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        ol.insertBefore(dragged, after ? li.nextSibling : li);
      });
      li.addEventListener("drop", function (event) {
        event.preventDefault();
      });
    });
    ol.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!dragged) { return; }
      dragged = null;
      var form = ol.querySelector("form[data-move-form]");
      if (!form) { return; }
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrfToken(form));
      Array.prototype.forEach.call(ol.querySelectorAll("li[data-id]"), function (li) {
        data.append("order", li.getAttribute("data-id"));
      });
      post(ol.getAttribute("data-reorder-url"), form, data).then(function (body) {
        replaceAgenda(body, null, null);
      }).catch(failed);
    });
  }

  setUpDragging();
})();
