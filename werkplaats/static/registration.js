// After a failed submit, focus the error summary so it is read out first; its links
// bring the field into view with its label and message (a fragment jump alone hides
// them above the top edge) and focus the control, also the first of a group of radios.
(function () {
  var summary = document.getElementById("error-summary");
  if (!summary) return;
  // The browser's jump to the form's #aanmelden comes later and moves focus to the
  // page, at a moment that depends on how busy the machine is: until the person does
  // something, give it back to the summary whenever it lands on the page itself.
  var untouched = true;
  ["pointerdown", "keydown"].forEach(function (type) {
    document.addEventListener(type, function () { untouched = false; }, { capture: true, once: true });
  });
  function reclaim() {
    var active = document.activeElement;
    if (untouched && (!active || active === document.body)) summary.focus();
  }
  summary.focus();
  summary.addEventListener("blur", function () { setTimeout(reclaim); });
  window.addEventListener("load", function () {
    reclaim();
    [50, 250, 1000].forEach(function (delay) { setTimeout(reclaim, delay); });
  });
  summary.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    var control = target.matches("input, select, textarea")
      ? target
      : target.querySelector("input, select, textarea");
    if (!control) return;
    event.preventDefault();
    (target.closest(".field") || target).scrollIntoView();
    control.focus({ preventScroll: true });
  });
})();

// Show a conditional question only when the answer it depends on has a value.
// Without JavaScript every question shows, and the server ignores answers to
// questions whose condition is not met.
(function () {
  var form = document.querySelector(".registration-form, .personal-form");
  if (!form) return;
  function valueOf(name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "checkbox" || input.type === "radio") && !input.checked) return;
      if (input.value) values.push(input.value.toLowerCase());
    });
    return values;
  }
  function update() {
    form.querySelectorAll("[data-shown-if]").forEach(function (block) {
      var values = valueOf(block.dataset.shownIf);
      var wanted = (block.dataset.shownValue || "").toLowerCase();
      var shown = wanted ? values.indexOf(wanted) !== -1 || (wanted === "ja" && values.indexOf("yes") !== -1) : values.length > 0;
      block.hidden = !shown;
    });
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
