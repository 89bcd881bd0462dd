/* Copy buttons. A box [data-copy-for="ID"] (hidden until this script runs) holds a button [data-copy-button]
   that copies the value of the field with that id, and a polite status [data-copy-status] that says so
   in the page's language (its data-copied and data-failed texts). Without JavaScript the field stays
   plain selectable text. */
(function () {
  "use strict";

  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    field.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function say(status, text) {
    /* empty first, so the same words are announced again after a second click */
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 100);
  }

  function connect(box) {
    var field = document.getElementById(box.dataset.copyFor);
    var button = box.querySelector("[data-copy-button]");
    var status = box.querySelector("[data-copy-status]");
    if (!field || !button || !status) {
      return;
    }
    button.addEventListener("click", function () {
      copy(field).then(
        function () { say(status, status.dataset.copied); },
        function () { field.focus(); field.select(); say(status, status.dataset.failed); }
      );
    });
    box.hidden = false;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy-for]"), connect);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
