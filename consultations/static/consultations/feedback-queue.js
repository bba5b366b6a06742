// Coding queue shortcuts: 1-5 toggle priority areas, Enter saves and moves on, a accepts the
// suggested areas and moves on, n skips.
// Progressive enhancement: the form works the same without this file.
(function () {
  "use strict";
  var form = document.querySelector("[data-feedback-queue]");
  if (!form) return;
  var boxes = form.querySelectorAll('input[type="checkbox"][name="priority_areas"]');
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "TEXTAREA" ||
      (target.tagName === "INPUT" && target.type === "text") || target.tagName === "SELECT");
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // Keys typed in another form on the page (such as "Flag for safeguarding") are its own.
    var otherForm = target && target.closest && target.closest("form");
    if (otherForm && otherForm !== form) return;
    if (!typing && event.key >= "1" && event.key <= "9") {
      var box = boxes[Number(event.key) - 1];
      if (box) {
        box.checked = !box.checked;
        event.preventDefault();
      }
    } else if (!typing && (event.key === "a" || event.key === "A")) {
      var accept = form.querySelector('button[name="accept"]');
      if (accept) {
        event.preventDefault();
        accept.click();
      }
    } else if (!typing && (event.key === "n" || event.key === "N")) {
      event.preventDefault();
      form.querySelector('button[name="skip"]').click();
    } else if (event.key === "Enter" && target.tagName !== "TEXTAREA" && target.tagName !== "BUTTON") {
      event.preventDefault();
      form.querySelector('button[name="save"]').click();
    }
  });
})();
