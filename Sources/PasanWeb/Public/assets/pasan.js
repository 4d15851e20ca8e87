// Pasan: progressive enhancement only; every page works without it.
// A <select data-autosubmit> submits its form when changed (the chart selector), instead of an
// inline onchange handler, which the Content-Security-Policy (script-src 'self') forbids.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
    target.form.submit();
  }
});
