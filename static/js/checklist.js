// The checklist's answer when it cannot be fetched: never the previous (maybe calmer) card, never a
// proxy's error page. The safe answer for what is ticked comes from templates the page already holds
// (includes/answer_failed.html): a sign of an emergency ticked is an emergency, with or without the
// server; anything else ticked gets "call your care team now", since nothing can say it is safe to wait.
(function () {
  "use strict";

  function showSafeAnswer() {
    var form = document.getElementById("checklist");
    var advice = document.getElementById("advice");
    if (!form || !advice) {
      return;
    }
    var emergency = form.querySelector('input[name="symptoms"][data-emergency]:checked');
    var ticked = form.querySelector('input[name="symptoms"]:checked');
    var name = emergency ? "emergency" : ticked ? "urgent" : "unknown";
    var template = document.getElementById("answer-failed-" + name);
    if (!template) {
      return;
    }
    advice.replaceChildren(template.content.querySelector("[data-part=advice]").cloneNode(true));
    var alertRegion = document.getElementById("answer-urgent");
    var statusRegion = document.getElementById("answer-polite");
    if (alertRegion && statusRegion) {
      var summary = template.content.querySelector("[data-part=summary]").cloneNode(true);
      (emergency ? statusRegion : alertRegion).replaceChildren();
      (emergency ? alertRegion : statusRegion).replaceChildren.apply(
        emergency ? alertRegion : statusRegion,
        Array.prototype.slice.call(summary.childNodes)
      );
    }
  }

  // htmx:error: no answer came (connection dropped, timed out). htmx:response:error: an error status
  // came instead of an answer (a proxy's 502, a server's 500); the form swaps nothing for those
  // (data-hx-status:4xx and 5xx), so the safe answer replaces the old one.
  document.addEventListener("htmx:error", showSafeAnswer);
  document.addEventListener("htmx:response:error", showSafeAnswer);
})();
