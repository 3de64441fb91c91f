/* Warns as the user types when free text looks like a Swedish personal identity number
   (personnummer or samordningsnummer): a valid date (day + 60 for a samordningsnummer) and a
   Luhn check digit. This repeats network/personal_data.py, folding and pattern included, so
   that the warning and the server agree; change both together. The server decides; this only
   warns. */
(function () {
  "use strict";

  // Folding, as _fold_char in personal_data.py: NFKC, then invisible characters and combining
  // marks dropped, digits of any script made ASCII, every dash "-", every space " ".
  var DROPPED = /[\p{Cf}\p{Mn}\p{Me}]/u;
  var DECIMAL_DIGIT = /\p{Nd}/u;
  var DASH = /[\p{Pd}\u02D7\u2043\u2053\u2212\u2796]/u;
  var SLASH = /[\u2044\u2215]/;
  // Exactly what Python's str.isspace() accepts, so both sides split the same way.
  var SPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  var folds = new Map();

  function digitValue(codePoint) {
    // Unicode encodes every set of decimal digits as a run of ten, zero first, so the value is
    // the distance from the start of the run (runs of different scripts may touch).
    var start = codePoint;
    while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) {
      start--;
    }
    return (codePoint - start) % 10;
  }

  function foldChar(char) {
    var known = folds.get(char);
    if (known !== undefined) {
      return known;
    }
    var folded = "";
    for (var part of char.normalize("NFKC")) {
      if (DROPPED.test(part)) {
        continue;
      }
      if (DECIMAL_DIGIT.test(part)) {
        folded += String(digitValue(part.codePointAt(0)));
      } else if (DASH.test(part)) {
        folded += "-";
      } else if (SLASH.test(part)) {
        folded += "/";
      } else if (SPACE.test(part)) {
        folded += " ";
      } else {
        folded += part;
      }
    }
    folds.set(char, folded);
    return folded;
  }

  function fold(text) {
    var folded = "";
    for (var char of text) {
      folded += foldChar(char);
    }
    return folded;
  }

  // The same two patterns as _CANDIDATES in personal_data.py; see the comments there.
  var BODY =
    "(?:(?<mm>[0-9]{2})(?<dd>[0-9]{2}) ?(?<sep>[-+/]?) ?" +
    "|(?<dsep>[-./ ])(?<smm>[0-9]{2})\\k<dsep>(?<sdd>[0-9]{2})(?<ssep>[-+/]))" +
    "(?<serial>[0-9]{4})";
  var BEFORE = "(?<![0-9])(?<![0-9][-.])";
  var AFTER = "(?![0-9])(?![-.][0-9])";
  var CANDIDATES = ["(?<century>[0-9]{2})(?<yy>[0-9]{2})", "(?<century>)(?<yy>[0-9]{2})"].map(
    function (head) {
      return new RegExp(BEFORE + "(?=(?<number>" + head + BODY + ")" + AFTER + ")", "g");
    }
  );

  function luhnOk(digits) {
    var total = 0;
    for (var i = 0; i < digits.length; i++) {
      var product = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
      total += product > 9 ? product - 9 : product;
    }
    return total % 10 === 0;
  }

  function dateOk(century, yy, mm, day, plus) {
    // As python-stdnum: a ten-digit number is from the last hundred years, or the hundred
    // before that when written with "+".
    var year;
    if (century) {
      year = Number(century + yy);
    } else {
      var thisYear = new Date().getFullYear();
      var hundreds = Math.floor(thisYear / 100);
      if (Number(yy) > thisYear % 100) {
        hundreds -= 1;
      }
      if (plus) {
        hundreds -= 1;
      }
      year = hundreds * 100 + Number(yy);
    }
    var month = Number(mm);
    var d = new Date(Date.UTC(2000, 0, 1));
    d.setUTCFullYear(year, month - 1, day);
    return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  }

  function isIdentityNumber(groups) {
    var century = groups.century;
    var mm = groups.mm || groups.smm;
    var dd = groups.dd || groups.sdd;
    var plus = (groups.sep || groups.ssep) === "+";
    if (century && ["18", "19", "20"].indexOf(century) === -1) {
      return false;
    }
    var day = Number(dd);
    if (day > 60) {
      day -= 60; // samordningsnummer
    }
    return (
      dateOk(century, groups.yy, mm, day, plus) && luhnOk(groups.yy + mm + dd + groups.serial)
    );
  }

  function holdsIdentityNumber(text) {
    var folded = fold(String(text || ""));
    return CANDIDATES.some(function (pattern) {
      pattern.lastIndex = 0;
      var match;
      while ((match = pattern.exec(folded)) !== null) {
        // Every match is empty (a lookahead): step on by hand.
        pattern.lastIndex = match.index + 1;
        if (isIdentityNumber(match.groups)) {
          return true;
        }
      }
      return false;
    });
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
