// Live parts of a page: each is replaced, without reloading the page, by the server-rendered
// HTML its URL returns (a partial: no template is written twice).
//
//   <div data-live="URL" data-topics="DEFINITION ORG-UNIT[;DEFINITION ORG-UNIT...]">...</div>
//
// data-topics says what the part shows: the workflow definition and the org unit of the
// instances it lists. A topic covers that org unit and every unit below it ("queue-ticket hall/1"
// covers hall/1 and hall/1/window/3, not hall/10); a definition alone covers every unit. Topics of
// queue-ticket are public (the hall's big screen, a ticket on a citizen's phone); any other needs
// a signed-in worker whose scope holds the unit, or the page gets no stream at all.
//
// All parts of a page share one event stream (GET /api/live/events?topics=..., Server-Sent Events).
// When a change of a topic a part watches commits, on any node, the part is refreshed once (the
// changes of 150 ms make one refresh); when the stream opens, and again after it broke and came
// back, every part is refreshed once (changes may have gone by meanwhile). No timer asks the
// server anything. A refresh is GET URL&live=ID with X-Requested-With: live, ID being the change
// it was told of: every page told of the same change asks for the same thing, which the node
// renders once for all pages in the same role and scope.
//
// data-every="S" beside data-topics: refreshed every S seconds too (a part whose text moves with
// the clock, as 剩余 3 小时). data-every="S" without data-topics: refreshed every S seconds
// (default 3) and nothing else: a short poll, for parts whose changes cannot be watched.
(() => {
  const parts = [...document.querySelectorAll("[data-live]")];

  const refresh = async (element, id) => {
    const url = element.dataset.live + (element.dataset.live.includes("?") ? "&" : "?") + "live=" + encodeURIComponent(id);
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "live" } });
      if (response.ok && !response.redirected) {
        element.innerHTML = await response.text();
        element.dataset.refreshed = new Date().toISOString();
      }
    } catch {
      // Offline for a moment: the next change, tick or reconnect refreshes it.
    }
  };

  // The same id for every page in the same stretch of S seconds, so their refreshes are one rendering.
  const tick = (every) => "t" + Math.floor(Date.now() / every);

  const everyOf = (element) => Number(element.dataset.every || 3) * 1000;

  parts.filter((element) => !element.dataset.topics).forEach((element) => {
    const every = everyOf(element);
    const poll = async () => {
      await refresh(element, tick(every));
      setTimeout(poll, every);
    };
    setTimeout(poll, every);
  });

  const watching = parts.filter((element) => element.dataset.topics);
  if (watching.length === 0) {
    return;
  }

  const topicsOf = (text) => text.split(";").map((t) => t.trim()).filter((t) => t.length > 0);
  const parse = (topic) => {
    const [definition, prefix = ""] = topic.split(/\s+/);
    return { definition, prefix };
  };
  const covers = (topic, definition, orgUnit) =>
    topic.definition === definition && (topic.prefix === "" || orgUnit === topic.prefix || orgUnit.startsWith(topic.prefix + "/"));
  const watched = new Map(watching.map((element) => [element, topicsOf(element.dataset.topics).map(parse)]));

  // The id of the last change this page was told of: a refresh shows at least everything up to it.
  let position = "";
  const due = new Set();
  const refreshSoon = (element) => {
    if (due.has(element)) {
      return;
    }

    due.add(element);
    setTimeout(() => {
      due.delete(element);
      refresh(element, position);
    }, 150);
  };

  watching.filter((element) => element.dataset.every).forEach((element) => {
    const every = everyOf(element);
    setInterval(() => refresh(element, position + "." + tick(every)), every);
  });

  const all = [...new Set(watching.flatMap((element) => topicsOf(element.dataset.topics)))].join(";");
  let wait = 2000;
  const listen = () => {
    const source = new EventSource("/api/live/events?topics=" + encodeURIComponent(all));
    const refreshAll = (event) => {
      position = event.lastEventId || event.data;
      wait = 2000;
      watching.forEach(refreshSoon);
    };
    source.addEventListener("ready", refreshAll);
    source.addEventListener("refresh", refreshAll);
    source.addEventListener("change", (event) => {
      position = event.lastEventId;
      const changes = event.data.split("\n").map((line) => line.split(" "));
      watched.forEach((topics, element) => {
        if (changes.some(([definition, orgUnit = ""]) => topics.some((topic) => covers(topic, definition, orgUnit)))) {
          refreshSoon(element);
        }
      });
    });
    source.onerror = () => {
      // The browser comes back by itself after a broken connection; not after a refusal (a
      // 503 from a full node, a sign-in that ended): then try again, less and less often.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(listen, wait);
        wait = Math.min(wait * 2, 60000);
      }
    };
  };
  listen();
})();
