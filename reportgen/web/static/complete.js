// Placeholder completion: typing "{" in a text field offers the metrics' keys and attributes.
const ATTRS = ["", ".rate", ".target", ".unit", ".label", ".prev", ".change"];
const NAMES = { "": "完成数", ".rate": "完成率", ".target": "目标数", ".unit": "单位", ".label": "名称", ".prev": "上年数", ".change": "比上年" };

export function attachCompletion(list, keys) {
  let target = null;
  let start = 0;
  let active = 0;

  const close = () => { list.hidden = true; target = null; };
  const choose = (value) => {
    const text = target.value;
    const caret = target.selectionStart;
    const after = text.slice(caret).startsWith("}") ? text.slice(caret + 1) : text.slice(caret);
    target.value = `${text.slice(0, start)}{${value}}${after}`;
    const pos = start + value.length + 2;
    target.setSelectionRange(pos, pos);
    const input = target;
    close();
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const show = (options) => {
    list.replaceChildren();
    options.slice(0, 12).forEach((value, n) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = `complete-${n}`;
      li.dataset.value = value;
      const attr = ATTRS.find((a) => a && value.endsWith(a)) || "";
      li.textContent = `{${value}}  ${NAMES[attr]}`;
      li.setAttribute("aria-selected", String(n === active));
      li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(value); });
      list.append(li);
    });
    const rect = target.getBoundingClientRect();
    list.style.left = `${rect.left + window.scrollX}px`;
    list.style.top = `${rect.bottom + window.scrollY}px`;
    list.hidden = options.length === 0;
    target.setAttribute("aria-activedescendant", `complete-${active}`);
  };

  document.addEventListener("input", (e) => {
    const field = e.target;
    if (!(field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement) || !field.dataset.path) return;
    const before = field.value.slice(0, field.selectionStart);
    const m = /\{([\w.]*)$/.exec(before);
    if (!m) { if (target === field) close(); return; }
    target = field;
    start = before.length - m[0].length;
    active = 0;
    const options = [];
    for (const key of keys()) for (const a of ATTRS) if ((key + a).startsWith(m[1])) options.push(key + a);
    show(options);
  });
  document.addEventListener("keydown", (e) => {
    if (list.hidden || e.target !== target) return;
    const items = [...list.children];
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items.forEach((li, n) => li.setAttribute("aria-selected", String(n === active)));
      target.setAttribute("aria-activedescendant", `complete-${active}`);
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      choose(items[active].dataset.value);
    } else if (e.key === "Escape") {
      close();
    }
  }, true);
  document.addEventListener("focusout", () => setTimeout(() => { if (target && document.activeElement !== target) close(); }, 0));
}
