// The query UI's start-up: YASGUI on this endpoint, with the example queries of the page.
// A file of its own, not inline: the page's policy runs scripts from this server only.
(function () {
  var examples = JSON.parse(document.getElementById("kgraph-examples").textContent);
  var initial = JSON.parse(document.getElementById("kgraph-initial-query").textContent);
  var endpoint = new URL("/sparql", window.location.href).href;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } }
  });
  function open(title, query) {
    var tab = yasgui.addTab(true, { name: title });
    tab.setRequestConfig({ endpoint: endpoint });
    tab.setQuery(query);
  }
  if (initial) { open("Query", initial); }
  else if (examples.length && !localStorage.getItem("kgraph-examples-opened")) {
    open(examples[0].title, examples[0].query);
    localStorage.setItem("kgraph-examples-opened", "1");
  }
  document.querySelectorAll("button[data-example]").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = examples[Number(button.dataset.example)];
      open(example.title, example.query);
      window.scrollTo(0, 0);
    });
  });
})();
