// Print buttons on a clinic's page: print the preview shown below the button, in place.
// Without JavaScript each button is a plain link to the page to print.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-print-frame]");
  if (!link) return;
  const frame = document.getElementById(link.dataset.printFrame);
  if (!frame || !frame.contentWindow) return;
  event.preventDefault();
  frame.contentWindow.focus();
  frame.contentWindow.print();
});
