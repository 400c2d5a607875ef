// The query UI's start-up: YASGUI on this endpoint, with the example queries of the page.
// A file of its own, not inline: the page's policy runs scripts from this server only.
(function () {
  var examples = JSON.parse(document.getElementById("kgraph-examples").textContent);
  var initial = JSON.parse(document.getElementById("kgraph-initial-query").textContent);
  var endpoint = new URL("/sparql", window.location.href).href;
  // The endpoint's predeclared prefixes, taken from the project's JSON-LD context (its entries that are
  // namespaces): the editor counts them as declared, the results table shortens IRIs with them.
  var predeclared = {};
  var editorMode = Yasgui.Yasqe.modes.sparql11;
  Yasgui.Yasqe.defineMode("sparql11", function (config, spec) {
    var mode = editorMode(config, spec);
    var startState = mode.startState;
    mode.startState = function () {
      var state = startState.apply(mode, arguments);
      Object.keys(predeclared).forEach(function (name) { state.prefixes[name] = predeclared[name]; });
      return state;
    };
    return mode;
  });
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasr: { prefixes: function () { return predeclared; } }
  });
  function recheck() {  // the editors made before the prefixes came: highlight and check them again
    document.querySelectorAll("#yasgui .CodeMirror").forEach(function (element) {
      var yasqe = element.CodeMirror;
      if (yasqe && yasqe.checkSyntax) {
        yasqe.setOption("mode", "sparql11");
        yasqe.checkSyntax();
      }
    });
  }
  fetch(new URL("/context.jsonld", window.location.href).href)
    .then(function (response) { return response.json(); })
    .then(function (body) {
      var context = body["@context"];
      Object.keys(context).forEach(function (name) {
        var value = context[name];
        if (typeof value === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) { predeclared[name] = value; }
      });
      recheck();
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
