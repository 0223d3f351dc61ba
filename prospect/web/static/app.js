/* The workspace's only script of its own: live gather progress (server-sent events) and
   dismissable messages. Loaded as a file, so the Content-Security-Policy needs no inline code. */
(function () {
  "use strict";

  function watchGather(root) {
    if (!root || root.dataset.watching) return;
    root.dataset.watching = "1";
    var bar = root.querySelector("progress");
    var status = root.querySelector("#gather-status");
    var button = document.getElementById("gather-button");
    if (button) button.disabled = true;
    var source = new EventSource(root.dataset.events);
    source.addEventListener("progress", function (e) {
      var ev = JSON.parse(e.data);
      if (ev.phase === "discover") {
        status.textContent = "Looking for pages on the company site… " + ev.crawled + " checked";
        return;
      }
      bar.max = Math.max(ev.total, 1);
      bar.value = ev.done;
      status.textContent = ev.done + " of " + ev.total + " pages" +
        (ev.errors ? " · " + ev.errors + " need a look" : "") + (ev.url ? " · " + ev.url : "");
    });
    source.addEventListener("done", function (e) {
      source.close();
      bar.value = bar.max;
      status.textContent = "Done.";
      if (button) button.disabled = false;
      var info = JSON.parse(e.data);
      htmx.ajax("GET", info.summary, { target: root.querySelector("#gather-summary") });
    });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) status.textContent = "Lost the connection.";
    };
  }

  document.addEventListener("htmx:afterSettle", function () {
    watchGather(document.getElementById("gather-run"));
  });
  document.addEventListener("click", function (e) {
    if (e.target && e.target.matches("[data-dismiss]")) e.target.parentElement.remove();
  });
})();
