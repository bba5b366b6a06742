/*
 * Progressive enhancement only. Every page works without this file: forms post normally,
 * the quick exit is an ordinary link, the menu and filters are <details> disclosures and
 * character limits are checked on the server.
 * Loaded with `defer` from base.html; no inline scripts anywhere (strict CSP).
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  /* Error summary: move focus there on load so screen readers announce it first. */
  function focusErrorSummary() {
    var summary = document.querySelector("[data-module='error-summary']");
    if (!summary) {
      return;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus();
    // Links in the summary move focus to the field (not just scroll to it).
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) {
        return;
      }
      event.preventDefault();
      var group = target.closest(".form-group, .fieldset");
      var legendOrLabel = group && group.querySelector("legend, label");
      (legendOrLabel || target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }

  /* Character count: for textareas with data-maxlength. The message below the field is
   * a polite live region, updated after typing pauses so it does not chatter. */
  function setUpCharacterCount(textarea) {
    var limit = parseInt(textarea.getAttribute("data-maxlength"), 10);
    if (!limit || limit < 1) {
      return;
    }
    // The page's own "You can enter up to N characters" line becomes the live count, so
    // nothing below the field moves when the script runs.
    var box = textarea.closest(".character-count");
    var message = box && box.querySelector(".character-count__message");
    if (!message) {
      message = document.createElement("div");
      message.className = "character-count__message hint";
      message.id = (textarea.id || "textarea") + "-character-count";
      textarea.insertAdjacentElement("afterend", message);
    }
    message.setAttribute("aria-live", "polite");

    var described = (textarea.getAttribute("aria-describedby") || "").trim();
    textarea.setAttribute("aria-describedby", (described + " " + message.id).trim());

    var timer = null;
    function update() {
      var remaining = limit - textarea.value.length;
      var over = remaining < 0;
      var count = Math.abs(remaining);
      var noun = count === 1 ? "character" : "characters";
      message.textContent = over
        ? "You have " + count + " " + noun + " too many"
        : "You have " + count + " " + noun + " remaining";
      message.classList.toggle("character-count__message--over", over);
      textarea.classList.toggle("textarea--error", over);
    }
    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 300);
    });
    update();
  }

  /* Quick exit: leave for a neutral site and replace this page in the history, so the
   * back button does not bring someone straight back. Shift pressed 3 times within five
   * seconds does the same (GOV.UK's "Exit this page" shortcut): Shift alone does nothing
   * else on a page, unlike Escape, which closes menus and stops a page loading. */
  function setUpQuickExit() {
    var link = document.querySelector(".quick-exit__button");
    if (!link) {
      return;
    }
    function leave(event) {
      if (event) {
        event.preventDefault();
      }
      document.body.classList.add("quick-exit--leaving");
      window.location.replace(link.href);
    }
    link.addEventListener("click", leave);

    var hint = document.getElementById("quick-exit-hint");
    if (hint) {
      link.setAttribute("aria-describedby", hint.id);
    }

    // Counted on keyup, as GOV.UK does: a Shift released after another key (a capital
    // letter) was a modifier, not a press, and any other key starts the count again.
    var presses = 0;
    var timer = null;
    var lastKeyWasModified = false;
    document.addEventListener("keyup", function (event) {
      if (event.key === "Shift" && !lastKeyWasModified) {
        presses += 1;
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          presses = 0;
        }, 5000);
        if (presses >= 3) {
          presses = 0;
          leave(event);
        }
      } else {
        presses = 0;
      }
      lastKeyWasModified = event.shiftKey;
    });
  }

  function init() {
    focusErrorSummary();
    Array.prototype.forEach.call(
      document.querySelectorAll("textarea[data-maxlength]"),
      setUpCharacterCount
    );
    setUpQuickExit();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
