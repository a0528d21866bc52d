// claimlint's HTML report: filtering, search and keyboard navigation. The page reads the same
// without this script. Its text never depends on the corpus (the Content-Security-Policy allows
// it by its hash); what it needs of the corpus it reads from the JSON block and the document.
(function () {
  "use strict";
  // A closed <details> of a large page (a report of the reader, a timeline, the table of
  // reports) holds its body in a <noscript>: without script the browser builds it as any
  // markup; with script the parser kept it as text, built here when the <details> opens or a
  // link leads into it. The markup is the page's own, every corpus text in it escaped.
  function expand(details) {
    var box = details.querySelector(":scope > noscript");
    if (!box) { return; }
    var template = document.createElement("template");
    template.innerHTML = box.textContent;
    box.replaceWith(template.content);
  }
  document.addEventListener("toggle", function (event) {
    if (event.target.open) { expand(event.target); }
  }, true);
  // Builds the folded body that holds the element with this id, if it is in one, and opens it.
  function reveal(id) {
    if (!id || document.getElementById(id)) { return; }
    var needle = " id=\"" + id + "\"";
    var boxes = document.querySelectorAll("details > noscript");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].textContent.indexOf(needle) >= 0) {
        var details = boxes[i].parentNode;
        expand(details);
        details.open = true;
        return;
      }
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (link) { reveal(decodeURIComponent(link.getAttribute("href").slice(1))); }
  }, true);
  function fromAddress() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id || document.getElementById(id)) { return; }
    reveal(id);
    var target = document.getElementById(id);
    if (target) { target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", fromAddress);
  fromAddress();

  var form = document.getElementById("filters");
  var dataBlock = document.getElementById("claimlint-data");
  if (!form || !dataBlock) { return; }
  var data;
  try { data = JSON.parse(dataBlock.textContent); } catch (e) { return; }
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var texts = null;
  var facts = null;

  function fill(select, entries) {
    entries.forEach(function (entry) {
      var option = document.createElement("option");
      if (Array.isArray(entry)) { option.value = entry[0]; option.textContent = entry[1]; }
      else { option.value = entry; option.textContent = entry; }
      select.appendChild(option);
    });
  }
  fill(form.elements.kind, data.kinds || []);
  // Thousands of subjects and reports on a large page: their options are made when the list is
  // first wanted, not before the page is shown (laying out a list measures every option).
  [["subject", data.subjects], ["report", data.reports]].forEach(function (pair) {
    var select = form.elements[pair[0]];
    var filled = false;
    function now() {
      if (!filled) { filled = true; fill(select, pair[1] || []); }
    }
    select.addEventListener("focus", now);
    select.addEventListener("pointerdown", now);
  });
  form.hidden = false;

  function apply() {
    var severities = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name=sev]"), function (box) {
      severities[box.value] = box.checked;
    });
    var allowed = form.elements.allowed.checked;
    var kind = form.elements.kind.value;
    var subject = form.elements.subject.value;
    var report = form.elements.report.value;
    var query = form.elements.q.value.trim().toLowerCase();
    if (query && texts === null) {
      texts = findings.map(function (f) { return f.textContent.toLowerCase(); });
    }
    if (facts === null) {
      // A finding's severity is its class (`sev-error`); a row's subject, its group's.
      facts = findings.map(function (f) {
        var holder = f.closest("[data-subject]");
        var sev = /(?:^| )sev-(\w+)/.exec(f.className);
        return { severity: sev ? sev[1] : "", subject: holder ? holder.dataset.subject : "" };
      });
    }
    var shown = 0;
    findings.forEach(function (f, i) {
      var d = f.dataset;
      var keep = severities[facts[i].severity] !== false &&
        (allowed || !d.allowed) &&
        (!kind || d.kind === kind) &&
        (!subject || facts[i].subject === subject) &&
        (!report || (" " + d.reports + " ").indexOf(" " + report + " ") >= 0) &&
        (!query || texts[i].indexOf(query) >= 0);
      if (f.hidden === keep) { f.hidden = !keep; }
      if (keep) { shown += 1; }
    });
    form.elements.shown.value = shown + " of " + findings.length + " findings shown";
  }

  var timer = null;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, findings.length > 3000 ? 200 : 30);
  });
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  // Everything is shown at first: counted, not walked.
  form.elements.shown.value = findings.length + " of " + findings.length + " findings shown";

  function visible(f) {
    if (f.hidden) { return false; }
    return true;
  }
  function current() {
    var active = document.activeElement;
    var f = active && active.closest ? active.closest(".finding") : null;
    return f ? findings.indexOf(f) : -1;
  }
  function go(step) {
    var i = current();
    if (i < 0 && step < 0) { i = findings.length; }
    for (i += step; i >= 0 && i < findings.length; i += step) {
      var f = findings[i];
      if (visible(f)) {
        var group = f.closest("details");
        if (group && !group.open) { group.open = true; }
        if (!f.hasAttribute("tabindex")) { f.tabIndex = -1; }
        f.focus({ preventScroll: true });
        f.scrollIntoView({ block: "start" });
        return;
      }
    }
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = event.target && event.target.tagName;
    var typing = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA";
    if (event.key === "Escape") {
      form.reset();
      apply();
      if (typing) { event.target.blur(); }
      return;
    }
    if (typing) { return; }
    if (event.key === "j") { go(1); event.preventDefault(); }
    else if (event.key === "k") { go(-1); event.preventDefault(); }
    else if (event.key === "/") { form.elements.q.focus(); event.preventDefault(); }
  });
})();
