/* Warns as the user types when free text looks like a Swedish personal identity number
   (personnummer or samordningsnummer): a valid date (day + 60 for a samordningsnummer) and a
   Luhn check digit, as in network/personal_data.py. The server decides; this only warns. */
(function () {
  "use strict";
  var CANDIDATE = /(?<!\d)(\d{2})?(\d{2})(\d{2})(\d{2})\s?([-+]?)\s?(\d{3})(\d)(?!\d)/g;

  function luhnOk(digits) {
    var total = 0;
    for (var i = 0; i < digits.length; i++) {
      var product = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
      total += product > 9 ? product - 9 : product;
    }
    return total % 10 === 0;
  }

  function dateOk(century, yy, mm, dd) {
    var day = Number(dd);
    if (day > 60) {
      day -= 60;
    }
    var month = Number(mm);
    var years = century ? [Number(century + yy)] : [2000 + Number(yy), 1900 + Number(yy)];
    return years.some(function (year) {
      var d = new Date(Date.UTC(year, month - 1, day));
      return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
    });
  }

  function holdsIdentityNumber(text) {
    CANDIDATE.lastIndex = 0;
    var match;
    while ((match = CANDIDATE.exec(text || "")) !== null) {
      var century = match[1], yy = match[2], mm = match[3], dd = match[4];
      if (century && ["18", "19", "20"].indexOf(century) === -1) {
        continue;
      }
      if (dateOk(century, yy, mm, dd) && luhnOk(yy + mm + dd + match[6] + match[7])) {
        return true;
      }
    }
    return false;
  }

  function watch(form) {
    var message = form.getAttribute("data-warning") || "";
    var fields = form.querySelectorAll("[data-personal-data] input, [data-personal-data] textarea");
    Array.prototype.forEach.call(fields, function (field) {
      var warning = document.createElement("p");
      warning.className = "pd-warning";
      warning.id = field.id + "_pdwarning";
      warning.setAttribute("role", "status");
      field.insertAdjacentElement("afterend", warning);
      var check = function () {
        var found = holdsIdentityNumber(field.value);
        warning.textContent = found ? message : "";
        warning.classList.toggle("is-active", found);
        var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
          return id && id !== warning.id;
        });
        if (found) {
          described.push(warning.id);
        }
        if (described.length) {
          field.setAttribute("aria-describedby", described.join(" "));
        } else {
          field.removeAttribute("aria-describedby");
        }
      };
      field.addEventListener("input", check);
      check();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-personal-data-form]"), watch);
  window.samverkanHoldsIdentityNumber = holdsIdentityNumber;
})();
