// The hall's own screens.
//
// 取号凭条 ([data-auto-print]): prints itself once shown, and [data-back-after] seconds later goes
// back to [data-back-to] for the next person.
//
// 叫号大屏 ([data-announce]): live.js replaces the screen's content when a call changes; each row
// [data-call] not seen before whose state is Called is announced: shown in #announcer (an
// aria-live region) and spoken in Chinese by the browser's speech synthesis with a zh-CN voice,
// or, where the display has none, a chime. A 重呼 changes the row's data-call, so it is announced
// again. What is on the screen when it opens is not announced. Browsers only sound after a
// person's gesture: someone presses 开启语音播报 once when the display is set up (or the display's
// browser runs with --autoplay-policy=no-user-gesture-required).
(() => {
  const slip = document.querySelector("[data-auto-print]");
  if (slip) {
    window.addEventListener("load", () => window.print());
    const back = Number(slip.dataset.backAfter || 0);
    if (back > 0) {
      setTimeout(() => { location.href = slip.dataset.backTo; }, back * 1000);
    }
  }

  const screen = document.querySelector("[data-announce]");
  if (!screen) {
    return;
  }

  const announcer = document.getElementById("announcer") || screen.insertAdjacentElement("afterend", Object.assign(document.createElement("p"), { id: "announcer", className: "announcer" }));
  announcer.setAttribute("aria-live", "assertive");
  const seen = new Set([...screen.querySelectorAll("[data-call]")].map((row) => row.dataset.call));
  let audio = null;

  const chime = () => {
    if (!audio) {
      return;
    }
    const now = audio.currentTime;
    [880, 660].forEach((frequency, i) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.3, now + i * 0.45);
      gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.45 + 0.4);
      tone.connect(gain).connect(audio.destination);
      tone.start(now + i * 0.45);
      tone.stop(now + i * 0.45 + 0.4);
    });
  };

  const voice = () => (window.speechSynthesis?.getVoices() || []).find((v) => v.lang.toLowerCase().startsWith("zh"));

  const say = (text) => {
    announcer.textContent = text;
    const zh = voice();
    if (zh) {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = zh;
      utterance.lang = zh.lang;
      utterance.rate = 0.9;
      window.speechSynthesis.speak(utterance);
    } else {
      chime();
    }
  };

  const announceNew = () => {
    screen.querySelectorAll("[data-call]").forEach((row) => {
      if (seen.has(row.dataset.call)) {
        return;
      }
      seen.add(row.dataset.call);
      if (row.dataset.state === "Called") {
        say(`请 ${row.dataset.number} 号到 ${row.dataset.window} 号窗口办理`);
      }
    });
  };

  new MutationObserver(announceNew).observe(screen, { childList: true, subtree: true });

  const sound = document.getElementById("sound");
  sound?.addEventListener("click", () => {
    audio = audio || new AudioContext();
    audio.resume();
    // Speaking once inside the gesture unlocks speech for the page.
    window.speechSynthesis?.speak(new SpeechSynthesisUtterance(""));
    sound.textContent = voice() ? "语音播报已开启" : "提示音已开启（本机无中文语音）";
    sound.disabled = true;
  });
})();
