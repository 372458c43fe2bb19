// Behaviour of the pages, kept out of the HTML so that the Content-Security-Policy can forbid
// inline scripts. A form with data-confirm="question" asks before it is sent; so does a submit
// button with data-confirm, when it is the one pressed (the removal of a file on a report's entry
// page sends the whole entry form).
// The browser's own checks (required, min, max) speak the browser's language, English on many
// machines, and stop a form before the server can answer: every form is sent as typed, and the
// server's Vietnamese message naming the field says what is wrong. The attributes stay, so a
// screen reader still says which fields are required.
Array.prototype.forEach.call(document.forms, function (form) {
  form.noValidate = true;
});

document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = event.submitter;
  var question = (button && button.dataset && button.dataset.confirm) || (form instanceof HTMLFormElement && form.dataset.confirm);
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Folding on phones: the header's menu and the extra filters of a list (<details data-open-wide>)
// are open on wide screens and folded behind their summary on phones, unless a filter inside is
// set. Pages are sent with them open, so without this script everything stays reachable.
(function () {
  if (!window.matchMedia) {
    return;
  }
  var phone = window.matchMedia("(max-width: 48rem)");
  var filled = function (details) {
    return Array.prototype.some.call(details.querySelectorAll("input, select"), function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        return field.checked;
      }
      return field.type !== "hidden" && field.value !== "";
    });
  };
  var follow = function () {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = !phone.matches || (!details.closest("header") && filled(details));
    });
  };
  follow();
  if (phone.addEventListener) {
    phone.addEventListener("change", follow);
  }
})();

// Tables stacked into cards on phones keep their column labels: each cell without a data-label
// gets the text of its column's header (the stylesheet shows it beside the value).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.list").forEach(function (table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) {
      return;
    }
    var labels = [];
    Array.prototype.forEach.call(head.cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i += 1) {
        labels.push(cell.textContent.replace(/\s+/g, " ").trim());
      }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var label = labels[column];
          if (cell.tagName === "TD" && label && !cell.hasAttribute("data-label") && (cell.colSpan || 1) === 1) {
            cell.setAttribute("data-label", label);
          }
          if (cell.tagName === "TD" && cell.hasAttribute("data-label") && !table.classList.contains("compare")) {
            // One box for the cell's content, so the label and the value sit side by side.
            var value = document.createElement("div");
            value.className = "cell-value";
            while (cell.firstChild) {
              value.appendChild(cell.firstChild);
            }
            cell.appendChild(value);
            cell.classList.add("labelled");
          }
          column += cell.colSpan || 1;
        });
      });
    });
  });
});

// Long lists of units (<select data-filter="placeholder">): a box above the list keeps only the
// options whose name holds what is typed, with or without diacritics ("quang tri" finds "Quảng
// Trị"); chosen options always stay in view. Without this script the list is whole.
(function () {
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-filter]").forEach(function (select) {
      var box = document.createElement("input");
      box.type = "search";
      box.className = "select-filter";
      box.placeholder = select.dataset.filter;
      box.setAttribute("aria-label", select.dataset.filter);
      box.setAttribute("aria-controls", select.id);
      box.addEventListener("input", function () {
        var wanted = fold(box.value.trim());
        Array.prototype.forEach.call(select.options, function (option) {
          option.hidden = wanted !== "" && !option.selected && fold(option.text).indexOf(wanted) < 0;
        });
      });
      select.parentNode.insertBefore(box, select);
    });
  });
})();

// Escape folds the phone menu again and gives the focus back to its button.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") {
    return;
  }
  var menu = document.querySelector("header details.menu[open]");
  if (menu && window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});

// Typed work is not lost unnoticed. A form marked data-keep-typed whose fields differ from what
// the page was sent with makes the browser ask before the page is left: a link followed, a
// reload, or another form of the same page sent (a reviewer's comment on one row while another
// row's comment is still being typed). The form being sent is not asked about.
(function () {
  var sending = null;
  var selectChanged = function (select) {
    var chosen = Array.prototype.filter.call(select.options, function (option) {
      return option.defaultSelected;
    });
    if (select.multiple || chosen.length) {
      return Array.prototype.some.call(select.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    // Without a selected attribute a single choice starts on its first option.
    return select.options.length > 0 && select.selectedIndex !== 0;
  };
  var changed = function (form) {
    return Array.prototype.some.call(form.elements, function (field) {
      if (!field.name || field.disabled || ["hidden", "submit", "button", "reset"].indexOf(field.type) >= 0) {
        return false;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        return field.checked !== field.defaultChecked;
      }
      if (field.tagName === "SELECT") {
        return selectChanged(field);
      }
      if (field.type === "file") {
        return field.value !== "";
      }
      return field.value !== field.defaultValue;
    });
  };
  document.addEventListener("submit", function (event) {
    // After the question of data-confirm above: a form the user declined to send is not being sent.
    if (!event.defaultPrevented) {
      sending = event.target;
    }
  });
  window.addEventListener("pageshow", function () {
    sending = null;
  });
  window.addEventListener("beforeunload", function (event) {
    var unsent = Array.prototype.some.call(document.querySelectorAll("form[data-keep-typed]"), function (form) {
      return form !== sending && changed(form);
    });
    sending = null;
    if (unsent) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();

// File pickers (doingoai.widgets.FilePicker): the browser writes a file input's button and "No file
// chosen" in its own language. Here the input, still the control the keyboard and screen readers
// reach, is laid invisible over a button and the names chosen, both in the page's language, and
// is described by those names. Without this script the input shows as the browser draws it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-file-picker]").forEach(function (picker) {
    var input = picker.querySelector("input[type=file]");
    var face = picker.querySelector(".file-picker-face");
    var names = picker.querySelector(".file-picker-names");
    if (!input || !face || !names) {
      return;
    }
    var show = function () {
      var chosen = Array.prototype.map.call(input.files || [], function (file) {
        return file.name;
      });
      if (chosen.length === 0) {
        names.textContent = picker.dataset.none;
      } else if (chosen.length === 1) {
        names.textContent = chosen[0];
      } else {
        names.textContent = picker.dataset.several
          .replace("{count}", String(chosen.length))
          .replace("{names}", chosen.join(", "));
      }
    };
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + names.id);
    input.addEventListener("change", show);
    face.hidden = false;
    picker.classList.add("enhanced");
    show();  // a page restored from the back-forward cache keeps the files chosen
  });
});
