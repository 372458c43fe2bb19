// Behaviour of the pages, kept out of the HTML so that the Content-Security-Policy can forbid
// inline scripts. A form with data-confirm="question" asks before it is sent.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
