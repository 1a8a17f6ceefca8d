// The limits' clocks (剩余 2 天 3 小时, 已超期 5 小时), kept going in the browser, so a page or a live
// part that shows one need not ask the server again only because the clock moved on:
//
//   <time data-due="INSTANT" data-now="INSTANT">剩余 3 小时 5 分钟</time>   (Show.Ticking)
//
// data-due is the limit, data-now the server's time when it drew the text, which the element
// holds until the first redraw. The clock counts on from data-now by the browser's own elapsed
// time since it saw the element (loaded, or put in by a live part's refresh), so a browser whose
// clock is off still shows the server's count. Redrawn every 30 s; the text is that of
// Show.Clock (Host/Pages/Shared/Show.cs), written twice: change both alike.
(() => {
  const minute = 60 * 1000;
  const hour = 60 * minute;
  const day = 24 * hour;

  // Show.Minutes.
  const minutes = (span) => (span < minute ? "不足 1 分钟" : `${Math.floor(span / minute)} 分钟`);

  // Show.Clock, of the milliseconds left (negative: past the limit).
  const clock = (left) => {
    const span = Math.abs(left);
    const text = span >= day
      ? `${Math.floor(span / day)} 天 ${Math.floor((span % day) / hour)} 小时`
      : span >= hour ? `${Math.floor(span / hour)} 小时 ${Math.floor((span % hour) / minute)} 分钟` : minutes(span);
    return (left < 0 ? "已超期 " : "剩余 ") + text;
  };

  // When this page first saw each clock, by the browser's clock.
  const seen = new WeakMap();
  const see = () => {
    const now = Date.now();
    document.querySelectorAll("time[data-due]").forEach((element) => {
      if (!seen.has(element)) {
        seen.set(element, now);
      }
    });
  };

  const draw = () => {
    see();
    const now = Date.now();
    document.querySelectorAll("time[data-due]").forEach((element) => {
      const serverNow = Date.parse(element.dataset.now) + (now - seen.get(element));
      const text = clock(Date.parse(element.dataset.due) - serverNow);
      if (element.textContent !== text) {
        element.textContent = text;
      }
    });
  };

  see();
  new MutationObserver(see).observe(document.body, { childList: true, subtree: true });
  setInterval(draw, 30 * 1000);
})();
