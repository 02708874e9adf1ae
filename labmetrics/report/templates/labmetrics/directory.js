/* The partner directory's filters (labmetrics/report/directory/listing.py). The list reads
   whole without this script; with it, the filters appear and narrow the list. It reads only
   the page: it makes no request. */
(function () {
  "use strict";
  var box = document.getElementById("directory-filter");
  var list = document.getElementById("directory");
  if (!box || !list) { return; }
  var form = box.querySelector("form");
  var status = document.getElementById("directory-count");
  var partners = Array.prototype.slice.call(list.querySelectorAll("li.partner"));
  var districts = list.querySelectorAll("section.directory-district");
  var regions = list.querySelectorAll("section.directory-region");
  var total = partners.length;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function has(words, value) {
    return (" " + (words || "") + " ").indexOf(" " + value + " ") !== -1;
  }

  function values() {
    var wanted = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-filter]"), function (field) {
      wanted[field.getAttribute("data-filter")] = field.value;
    });
    return wanted;
  }

  function matches(item, wanted) {
    var name = fold(wanted.name || "");
    if (name && item.getAttribute("data-search").indexOf(name) === -1) { return false; }
    if (wanted.kind && item.getAttribute("data-kind") !== wanted.kind) { return false; }
    if (wanted.region && item.getAttribute("data-region") !== wanted.region) { return false; }
    if (wanted.tech && !has(item.getAttribute("data-tech"), wanted.tech)) { return false; }
    if (wanted.spaces && !has(item.getAttribute("data-spaces"), wanted.spaces)) {
      return false;
    }
    return true;
  }

  function hideEmpty(sections) {
    Array.prototype.forEach.call(sections, function (section) {
      section.hidden = section.querySelector("li.partner:not([hidden])") === null;
    });
  }

  function announce(shown) {
    var text;
    if (shown === 0) {
      text = box.getAttribute("data-none");
    } else if (shown === 1) {
      text = box.getAttribute("data-shown-one");
    } else {
      text = box.getAttribute("data-shown").replace("{n}", shown.toLocaleString(
        document.documentElement.lang));
    }
    if (status.textContent !== text) { status.textContent = text; }
  }

  function apply() {
    var wanted = values();
    var shown = 0;
    partners.forEach(function (item) {
      var keep = matches(item, wanted);
      item.hidden = !keep;
      if (keep) { shown += 1; }
    });
    hideEmpty(districts);
    hideEmpty(regions);
    announce(shown);
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  // A reset clears the fields after this event: filter once they are clear.
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  box.hidden = false;
  announce(total);
}());
