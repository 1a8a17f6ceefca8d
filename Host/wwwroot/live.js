// Live parts of a page: each is replaced, without reloading the page, by the server-rendered
// HTML its URL returns (a partial: no template is written twice).
//
//   <div data-live="URL" data-topics="DEFINITION ORG-UNIT[;DEFINITION ORG-UNIT...]">...</div>
//
// data-topics says what the part shows: the workflow definition and the org unit of the
// instances it lists. A topic covers that org unit and every unit below it ("queue-ticket hall/1"
// covers hall/1 and hall/1/item/3, not hall/10); a definition alone covers every unit. Topics of
// queue-ticket are public (the hall's big screen, a ticket on a citizen's phone), and cover the
// units above them too: a phone watching its item's queue (hall/1/item/3) is told of a change for
// the whole hall (hall/1), not of one at another item. Any other topic needs a signed-in worker
// whose scope holds the unit, or the page gets no stream at all.
//
// All parts of a page share one event stream (GET /api/live/events?topics=..., Server-Sent Events).
// When a change of a topic a part watches commits, on any node, the part is refreshed once (the
// changes of 150 ms make one refresh); when the stream opens, and again after it broke and came
// back, every part is refreshed once (changes may have gone by meanwhile). No timer asks the
// server anything. A refresh is GET URL&live=ID with X-Requested-With: live, ID being the change
// it was told of: every page told of the same change asks for the same thing, which the node
// renders once for all pages in the same role and scope.
//
// data-pick="SELECTOR" beside data-live: URL answers a part that many pages share (the hall's open
// tickets, for all of its phones), and this part shows the content of the element of the answer
// that SELECTOR matches (a <template> there keeps the others inert). When none does, the part
// asks data-fallback="URL" instead, with the same ID, and shows its whole answer (the page's own
// part: a ticket finished, or newer than what the shared part was drawn for).
//
// An element with data-live-end in a part says the part will not change again (a finished ticket):
// the page stops refreshing it, and closes its stream once no part is left to watch. A part that
// holds one when the page loads is never refreshed.
//
// data-every="S" without data-topics: refreshed every S seconds (default 3) and nothing else: a
// short poll, for parts whose changes cannot be watched. Text that moves with the clock alone (剩余
// 3 小时) needs no refresh: the browser draws it (clocks.js). An empty data-topics or data-every is
// none (Razor writes a data- attribute even when its value is null).
(() => {
  const ended = (element) => element.querySelector("[data-live-end]") !== null;
  const parts = [...document.querySelectorAll("[data-live]")].filter((element) => !ended(element));

  const topicsOf = (text) => text.split(";").map((t) => t.trim()).filter((t) => t.length > 0);
  const parse = (topic) => {
    const [definition, prefix = ""] = topic.split(/\s+/);
    return { definition, prefix };
  };
  const within = (unit, ancestor) => unit === ancestor || unit.startsWith(ancestor + "/");
  // Both ways: a line above a part's unit is a change for all of it (the server tells a stream only
  // what one of its topics covers, and a unit above only to public topics).
  const covers = (topic, definition, orgUnit) =>
    topic.definition === definition && (topic.prefix === "" || within(orgUnit, topic.prefix) || within(topic.prefix, orgUnit));
  const watched = new Map(parts.filter((element) => element.dataset.topics).map((element) => [element, topicsOf(element.dataset.topics).map(parse)]));
  let source = null;

  const get = async (url, id) => {
    const response = await fetch(url + (url.includes("?") ? "&" : "?") + "live=" + encodeURIComponent(id), { credentials: "same-origin", headers: { "X-Requested-With": "live" } });
    return response.ok && !response.redirected ? response.text() : null;
  };

  // The part's own content in an answer: all of it, or what data-pick picks from it (else the fallback's answer).
  const contentOf = async (element, html, id) => {
    if (html === null || !element.dataset.pick) {
      return html;
    }

    const answer = document.createElement("template");
    answer.innerHTML = html;
    const picked = answer.content.querySelector(element.dataset.pick);
    if (picked) {
      return picked.innerHTML;
    }

    return element.dataset.fallback ? get(element.dataset.fallback, id) : null;
  };

  const refresh = async (element, id) => {
    try {
      const html = await contentOf(element, await get(element.dataset.live, id), id);
      if (html !== null) {
        element.innerHTML = html;
        element.dataset.refreshed = new Date().toISOString();
        if (ended(element) && watched.delete(element) && watched.size === 0 && source) {
          source.close();
        }
      }
    } catch {
      // Offline for a moment: the next change, tick or reconnect refreshes it.
    }
  };

  // The same id for every page in the same stretch of S seconds, so their refreshes are one rendering.
  const tick = (every) => "t" + Math.floor(Date.now() / every);

  parts.filter((element) => !element.dataset.topics).forEach((element) => {
    const every = Number(element.dataset.every || 3) * 1000;
    const poll = async () => {
      await refresh(element, tick(every));
      if (!ended(element)) {
        setTimeout(poll, every);
      }
    };
    setTimeout(poll, every);
  });

  if (watched.size === 0) {
    return;
  }

  // The id of the last change this page was told of: a refresh shows at least everything up to it.
  let position = "";
  const due = new Set();

  // A part has one refresh under way at most. Changes told meanwhile wait for its answer and then
  // take one more refresh, with the id of the last: a slow server gets one request per part per
  // answer, not one per change (a hall's phones are told of every call and every ticket).
  const underWay = new Set();
  const again = new Set();
  const refreshSoon = (element) => {
    if (underWay.has(element)) {
      again.add(element);
      return;
    }

    if (due.has(element)) {
      return;
    }

    due.add(element);
    setTimeout(async () => {
      due.delete(element);
      if (!watched.has(element)) {
        return;
      }

      underWay.add(element);
      await refresh(element, position);
      underWay.delete(element);
      if (again.delete(element) && watched.has(element)) {
        refreshSoon(element);
      }
    }, 150);
  };

  const all = [...new Set([...watched.keys()].flatMap((element) => topicsOf(element.dataset.topics)))].join(";");
  let wait = 2000;
  const listen = () => {
    if (watched.size === 0) {
      return;
    }

    source = new EventSource("/api/live/events?topics=" + encodeURIComponent(all));
    const refreshAll = (event) => {
      position = event.lastEventId || event.data;
      wait = 2000;
      watched.forEach((_, element) => refreshSoon(element));
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
