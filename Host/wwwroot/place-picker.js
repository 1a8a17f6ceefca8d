// A place drop-down that hundreds of villages make too long to scroll: the select stays what the
// form posts (grouped by township with <optgroup>, usable without this script), and this adds a
// township choice that narrows it to that township's villages and a box that finds a village by
// typing. A filter's picker narrows by the page's own township select (data-township-select).
document.querySelectorAll("select[data-place-picker]").forEach((select) => {
  if (select.dataset.enhanced) return;
  select.dataset.enhanced = "true";
  const any = [...select.children].find((child) => child.tagName === "OPTION") || null;
  const groups = [...select.querySelectorAll("optgroup")].map((group) => ({
    id: group.dataset.township,
    label: group.label,
    options: [...group.children].map((option) => ({ value: option.value, text: option.textContent })),
  }));
  const groupOf = (value) => groups.find((g) => g.options.some((o) => o.value === value));

  const bar = document.createElement("div");
  bar.className = "picker";
  let township = select.dataset.townshipSelect ? document.getElementById(select.dataset.townshipSelect) : null;
  if (!township && groups.length > 1) {
    // Posts nothing (no name): only the place is the form's answer.
    township = document.createElement("select");
    township.id = `${select.id}-township`;
    township.setAttribute("aria-label", "先选镇（乡、街道）");
    township.append(new Option("全部镇（乡、街道）", ""), ...groups.map((g) => new Option(g.label, g.id)));
    const chosen = groupOf(select.value);
    if (chosen && select.value !== any?.value && select.querySelector("option[selected]")) township.value = chosen.id;
    bar.append(township);
  }
  const search = document.createElement("input");
  search.type = "search";
  search.id = `${select.id}-search`;
  search.placeholder = "输入村（社区）名称查找";
  search.setAttribute("aria-label", "查找村（社区）");
  search.autocomplete = "off";
  const found = document.createElement("span");
  found.className = "hint";
  found.setAttribute("aria-live", "polite");
  bar.append(search, found);
  select.before(bar);

  const render = () => {
    const words = search.value.trim();
    const only = township ? township.value : "";
    const kept = select.value;
    const shown = groups
      .filter((g) => !only || g.id === only)
      .map((g) => ({ ...g, options: g.options.filter((o) => !words || o.text.includes(words) || g.label.includes(words)) }))
      .filter((g) => g.options.length > 0);
    select.replaceChildren(...(any ? [any] : []), ...shown.map((g) => {
      const group = document.createElement("optgroup");
      group.label = g.label;
      group.dataset.township = g.id;
      group.append(...g.options.map((o) => new Option(o.text, o.value)));
      return group;
    }));
    const values = shown.flatMap((g) => g.options.map((o) => o.value));
    if (values.includes(kept) || (any && kept === any.value && !words)) select.value = kept;
    else if (values.length > 0) select.value = values[0];
    say(words || only ? (values.length > 0 ? `找到 ${values.length} 个` : "没有找到，请换个字再试") : "");
  };
  // Many villages share a name (郭丰楼村): the hint names the chosen one's township too.
  const say = (count) => {
    const g = groupOf(select.value);
    const chosen = g ? `已选：${g.label} ${select.selectedOptions[0]?.textContent ?? ""}` : "";
    found.textContent = [count, chosen].filter(Boolean).join(" · ");
  };
  township?.addEventListener("change", render);
  search.addEventListener("input", render);
  // Choosing a village says its township, so the two agree (and a filter's URL names both).
  select.addEventListener("change", () => {
    const g = groupOf(select.value);
    if (township && g && township.value !== g.id) township.value = g.id;
    say("");
  });
  render();
});
