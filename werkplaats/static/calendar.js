// Copy buttons beside calendar links. Without JavaScript they stay hidden and the
// link itself is there to select. The outcome is said in one live region (read
// out by screen readers) and shown on the button for a moment.
(function () {
  var status = document.getElementById("copy-status");
  var buttons = document.querySelectorAll("button[data-copy]");
  if (!status || !buttons.length) return;

  function copyByHand(text) {
    // Outside a secure context (plain http) there is no navigator.clipboard.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByHand(text); });
    }
    return copyByHand(text);
  }

  function say(message) {
    status.textContent = "";
    // A new text in a cleared region is read out even when it is the same as before.
    setTimeout(function () { status.textContent = message; }, 50);
  }

  buttons.forEach(function (button) {
    var label = button.firstChild.textContent;
    var title = button.closest(".feed").querySelector(".feed-title").textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(button.dataset.copy).then(function () {
        say(status.dataset.copied.replace("{title}", title));
        button.firstChild.textContent = "✓ " + label;
        setTimeout(function () { button.firstChild.textContent = label; }, 2500);
      }, function () {
        say(status.dataset.failed);
        var link = button.closest(".feed").querySelector(".feed-url a");
        var range = document.createRange();
        range.selectNodeContents(link);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      });
    });
  });
})();
