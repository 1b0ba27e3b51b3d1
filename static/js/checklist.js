// The checklist's answer when it cannot be fetched: never the previous (maybe calmer) card, never a
// proxy's error page. The safe answer for what is ticked comes with the page, in its language (the
// JSON block "answer-failed", crsinfo/checklist/views.py): a sign of an emergency ticked is an
// emergency, with or without the server; anything else ticked gets "call your care team now", since
// nothing can say it is safe to wait.
(function () {
  "use strict";

  function showSafeAnswer() {
    var form = document.getElementById("checklist");
    var advice = document.getElementById("advice");
    var data = document.getElementById("answer-failed");
    if (!form || !advice || !data) {
      return;
    }
    var emergency = form.querySelector('input[name="symptoms"][data-emergency]:checked');
    var ticked = form.querySelector('input[name="symptoms"]:checked');
    var answer = JSON.parse(data.textContent)[emergency ? "emergency" : ticked ? "urgent" : "unknown"];
    advice.innerHTML = answer.advice;
    var alertRegion = document.getElementById("answer-urgent");
    var statusRegion = document.getElementById("answer-polite");
    if (alertRegion && statusRegion) {
      (emergency ? statusRegion : alertRegion).innerHTML = "";
      (emergency ? alertRegion : statusRegion).innerHTML = answer.summary;
    }
  }

  // htmx:error: no answer came (connection dropped, timed out). htmx:response:error: an error status
  // came instead of an answer (a proxy's 502, a server's 500), which htmx does not swap in (noSwap in
  // the page's htmx-config): the safe answer replaces the old one.
  document.addEventListener("htmx:error", showSafeAnswer);
  document.addEventListener("htmx:response:error", showSafeAnswer);
})();
