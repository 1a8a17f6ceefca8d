// Refreshes one part of a page from the server without reloading it: the element with
// data-live="URL" is replaced by what URL returns, every data-every seconds (default 3).
// A short poll of server-rendered HTML: no template is written twice, and a lost
// connection simply tries again next time.
document.querySelectorAll("[data-live]").forEach((element) => {
  const every = Number(element.dataset.every || 3) * 1000;
  const refresh = async () => {
    try {
      const response = await fetch(element.dataset.live, { credentials: "same-origin", headers: { "X-Requested-With": "live" } });
      if (response.ok && !response.redirected) {
        element.innerHTML = await response.text();
        element.dataset.refreshed = new Date().toISOString();
      }
    } catch {
      // Offline for a moment: the next tick tries again.
    }
    setTimeout(refresh, every);
  };
  setTimeout(refresh, every);
});
