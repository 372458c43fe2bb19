// The aid registry's entry forms: when a location row's province changes, load the communes of
// that province into the row's commune list (from /vien-tro/xa.json). Without JavaScript the
// form still works: the commune list follows the province once the form is sent again.
(function () {
  "use strict";
  var url = document.currentScript && document.currentScript.dataset.communesUrl;
  function refill(select, communes) {
    while (select.options.length) { select.remove(0); }
    communes.forEach(function (pair) { select.add(new Option(pair[1], pair[0])); });
  }
  document.addEventListener("change", function (event) {
    var province = event.target;
    if (!(province instanceof HTMLSelectElement)) { return; }
    var commune = document.querySelector('select[data-communes-of="' + province.name + '"]');
    if (!commune || !url) { return; }
    commune.disabled = true;
    fetch(url + "?province=" + encodeURIComponent(province.value), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { communes: [] }; })
      .then(function (data) { refill(commune, data.communes || []); })
      .finally(function () { commune.disabled = false; });
  });
})();

// Enter in a text box of the project form saves it: the first submit button in the form is
// "add a sector row", which the browser would otherwise press.
document.addEventListener("keydown", function (event) {
  var field = event.target;
  if (event.key !== "Enter" || !(field instanceof HTMLInputElement) || !field.form) { return; }
  var save = field.form.querySelector("button[name=save]");
  if (field.form.id === "project-form" && save) {
    event.preventDefault();
    save.click();
  }
});
