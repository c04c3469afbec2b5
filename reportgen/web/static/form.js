// A form generated from the input models' JSON schema (Chinese titles come from the models).
// The form edits a plain object; onChange(structural) is called after each edit.

const ORDER = ["title", "recipient", "organization", "date", "brand", "body", "achievements",
  "metrics", "attachments", "parts", "year", "extends", "previous", "abstract", "checks"];
const ADVANCED = new Set(["parts", "year", "extends", "previous", "abstract", "checks"]);
const SHORT = new Set(["organization", "name", "heading", "label", "unit", "part_of", "extends",
  "previous", "recipient", "lead", "date", "year", "decimals"]);
const METRIC_COLUMNS = ["label", "value", "unit", "target", "part_of"];  // decimals: in the source

export function pathString(path) {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += (out ? "." : "") + part;
  }
  return out;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

export class SchemaForm {
  constructor(container, schema, onChange) {
    this.container = container;
    this.schema = schema;
    this.defs = schema.$defs || {};
    this.onChange = onChange;
    this.data = {};
    this.metricKeys = () => Object.keys(this.data.metrics || {});
  }

  deref(s) {
    while (s && s.$ref) s = this.defs[s.$ref.split("/").pop()];
    return s || {};
  }

  // The non-null branch of ``X | None``; the chosen branch of an Item / Block union.
  variants(s) {
    s = this.deref(s);
    const list = s.anyOf || s.oneOf;
    if (!list) return [s];
    return list.map((v) => this.deref(v)).filter((v) => v.type !== "null");
  }

  modelFor(data) {
    const top = this.schema.oneOf || this.schema.anyOf || [this.schema];
    const kind = data && data.kind;
    for (const branch of top) {
      const s = this.deref(branch);
      if (s.properties && s.properties.kind && s.properties.kind.const === kind) return s;
    }
    return null;
  }

  render(data) {
    this.data = data && typeof data === "object" && !Array.isArray(data) ? data : {};
    const focused = document.activeElement && document.activeElement.dataset.path;
    this.container.replaceChildren();
    const model = this.modelFor(this.data);
    if (!model) {
      this.container.append(el("p", { class: "hint", text: "无法识别文档类型（kind），请在“源文件”中修改。" }));
      return;
    }
    this.container.append(el("p", { class: "kind", text: `文档类型：${model.title}` }));
    const props = Object.keys(model.properties).filter((k) => k !== "kind");
    props.sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
    const main = props.filter((k) => !ADVANCED.has(k));
    const advanced = props.filter((k) => ADVANCED.has(k));
    for (const key of main) this.container.append(this.field(model, key, this.data, [key]));
    const details = el("details", { class: "advanced" }, el("summary", { text: "更多设置（部分标题、年度、继承、上一年、检查设置）" }));
    for (const key of advanced) details.append(this.field(model, key, this.data, [key]));
    this.container.append(details);
    if (focused) {
      const again = this.container.querySelector(`[data-path="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  required(model, key) {
    return (model.required || []).includes(key);
  }

  field(model, key, parent, path) {
    const s = this.deref(model.properties[key]);
    const title = s.title || key;
    const variants = this.variants(s);
    let type = variants.length === 1 ? variants[0] : s;
    if (variants.length > 1 && parent[key] && typeof parent[key] === "object") {
      type = variants.find((v) => v.type === "object") || s;  // a table written out, not “metrics”
    }
    const wrap = el("div", { class: "field", "data-field": pathString(path) });
    if (type.type === "object" && type.additionalProperties && key === "metrics") {
      wrap.append(el("h3", { text: title }), this.metricsTable(parent, key, path, type));
    } else if (type.type === "object" && type.properties) {
      if (parent[key] === undefined || parent[key] === null) parent[key] = {};
      const box = el("fieldset", {}, el("legend", { text: title }));
      for (const sub of Object.keys(type.properties)) {
        box.append(this.field(type, sub, parent[key], [...path, sub]));
      }
      wrap.append(box);
    } else if (type.type === "array") {
      wrap.append(this.list(parent, key, path, type, title, s.description));
    } else {
      wrap.append(this.scalar(parent, key, path, type, title, s.description, this.required(model, key)));
    }
    wrap.append(el("div", { class: "field-errors", "data-errors": pathString(path) }));
    return wrap;
  }

  scalar(parent, key, path, type, title, help, required) {
    const id = "f-" + pathString(path).replace(/[^\w-]/g, "_");
    if (typeof key === "number") required = false;
    const label = el("label", { for: id, text: title + (required ? " *" : "") });
    const value = parent[key];
    let input;
    if (type.type === "boolean") {
      input = el("input", { type: "checkbox", id, "data-path": pathString(path) });
      input.checked = value === true;
      input.addEventListener("change", () => {
        if (input.checked) parent[key] = true; else delete parent[key];
        this.onChange(false);
      });
      return el("div", { class: "row check" }, input, label);
    }
    const numeric = type.type === "number" || type.type === "integer" || type.anyOf;
    const long = !SHORT.has(key) && !numeric && type.format !== "date";
    input = el(long ? "textarea" : "input", {
      id, "data-path": pathString(path), placeholder: type.format === "date" ? "2024-12-01" : "",
      "aria-describedby": id + "-help", rows: long ? (key === "title" ? 1 : 3) : undefined,
      inputmode: numeric ? "decimal" : undefined, class: long ? "prose" : undefined,
    });
    input.value = value === undefined || value === null ? "" : String(value).replace(/\n$/, "");
    input.addEventListener("input", () => {
      const raw = input.value;
      if (raw === "") { if (Array.isArray(parent)) parent[key] = ""; else delete parent[key]; }
      else if (numeric && /^-?\d+(\.\d+)?$/.test(raw.trim())) parent[key] = Number(raw.trim());
      else parent[key] = raw;
      if (long) autoGrow(input);
      this.onChange(false);
    });
    if (long) requestAnimationFrame(() => autoGrow(input));
    return el("div", { class: "row" }, label, input, help ? el("small", { id: id + "-help", class: "help", text: help }) : null);
  }

  list(parent, key, path, type, title, help) {
    if (!Array.isArray(parent[key])) parent[key] = [];
    const items = parent[key];
    const box = el("fieldset", { class: "list" }, el("legend", { text: title }));
    if (help) box.append(el("small", { class: "help", text: help }));
    const ol = el("ol", { class: "entries" });
    const itemSchema = this.deref(type.items);
    items.forEach((value, i) => ol.append(this.entry(items, i, [...path, i], itemSchema, title)));
    box.append(ol);
    const add = (value, label) => el("button", {
      type: "button", class: "add", text: `＋ 添加${label}`,
      onclick: () => { items.push(value()); this.onChange(true); },
    });
    const variants = this.variants(itemSchema);
    for (const v of variants) box.append(add(() => this.blank(v), variantName(v, variants.length > 1 ? null : title)));
    return box;
  }

  blank(s) {
    s = this.deref(s);
    if (s.type === "string") return "";
    if (s.type === "object") {
      const out = {};
      for (const req of s.required || []) out[req] = "";
      for (const [k, p] of Object.entries(s.properties || {})) if (!(k in out) && this.deref(p).type === "string" && k === "text") out[k] = "";
      return out;
    }
    return "";
  }

  entry(items, i, path, itemSchema, title) {
    const li = el("li", { class: "entry", draggable: "true" });
    const move = (to) => {
      if (to < 0 || to >= items.length) return;
      const [moved] = items.splice(i, 1);
      items.splice(to, 0, moved);
      this.onChange(true);
    };
    const tools = el("div", { class: "entry-tools" },
      el("span", { class: "handle", title: "拖动以调整顺序", "aria-hidden": "true", text: "⠿" }),
      el("span", { class: "entry-no", text: `第 ${i + 1} 项` }),
      el("button", { type: "button", "aria-label": `上移第 ${i + 1} 项`, title: "上移", text: "↑", onclick: () => move(i - 1) }),
      el("button", { type: "button", "aria-label": `下移第 ${i + 1} 项`, title: "下移", text: "↓", onclick: () => move(i + 1) }),
      el("button", { type: "button", class: "remove", "aria-label": `删除第 ${i + 1} 项`, title: "删除", text: "✕",
        onclick: () => { items.splice(i, 1); this.onChange(true); } }));
    li.addEventListener("dragstart", (e) => { e.dataTransfer.setData("text/x-entry", String(i)); e.stopPropagation(); });
    li.addEventListener("dragover", (e) => { if (e.dataTransfer.types.includes("text/x-entry")) e.preventDefault(); });
    li.addEventListener("drop", (e) => {
      const from = Number(e.dataTransfer.getData("text/x-entry"));
      if (Number.isInteger(from) && from !== i && from < items.length) {
        e.preventDefault(); e.stopPropagation();
        const [moved] = items.splice(from, 1);
        items.splice(i, 0, moved);
        this.onChange(true);
      }
    });
    const variants = this.variants(itemSchema);
    const value = items[i];
    let chosen = variants[0];
    if (variants.length > 1) {
      // an object takes the variant that has all its keys (a section's heading, a table's table)
      const fits = (v) => typeof value === "string" ? v.type === "string"
        : v.type === "object" && Object.keys(value || {}).every((k) => k in (v.properties || {}));
      chosen = variants.find(fits)
        || variants.find((v) => (typeof value === "string") === (v.type === "string")) || variants[0];
      const select = el("select", { "aria-label": "条目形式" });
      variants.forEach((v, n) => select.append(el("option", { value: String(n), text: variantName(v), selected: v === chosen })));
      select.addEventListener("change", () => {
        const v = variants[Number(select.value)];
        const old = items[i];
        const text = typeof old === "string" ? old : (old && (old.text || old.heading)) || "";
        items[i] = v.type === "string" ? text : { ...this.blank(v), ...(v.properties.text ? { text } : { heading: text }) };
        this.onChange(true);
      });
      tools.append(select);
    }
    li.append(tools);
    if (chosen.type === "array") {  // a table row: shown, edited in the source
      const cells = Array.isArray(value) ? value.map(String).join(" | ") : "";
      li.append(el("p", { class: "hint", text: `${cells}（表格行请在“源文件”中修改）` }),
        el("div", { class: "field-errors", "data-errors": pathString(path) }));
    } else if (chosen.type === "object") {
      const box = el("div", { class: "entry-body" });
      for (const sub of Object.keys(chosen.properties)) box.append(this.field(chosen, sub, items[i], [...path, sub]));
      li.append(box);
    } else {
      li.append(this.scalar(items, i, path, chosen, `${title}内容`, null, false),
        el("div", { class: "field-errors", "data-errors": pathString(path) }));
    }
    return li;
  }

  metricsTable(parent, key, path, type) {
    if (!parent[key] || typeof parent[key] !== "object") parent[key] = {};
    const metrics = parent[key];
    const metric = this.deref(type.additionalProperties);
    const table = el("table", { class: "metrics" });
    const head = el("tr", {}, el("th", { text: "键（正文中写 {键}）" }));
    for (const col of METRIC_COLUMNS) head.append(el("th", { text: this.deref(metric.properties[col]).title || col }));
    head.append(el("th", { text: "" }));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    for (const name of Object.keys(metrics)) {
      const row = el("tr");
      const keyInput = el("input", { value: name, "aria-label": "键", "data-path": pathString([...path, name]), class: "metric-key" });
      keyInput.addEventListener("change", () => {
        const next = keyInput.value.trim();
        if (!next || next === name || next in metrics) { keyInput.value = name; return; }
        const rebuilt = {};
        for (const [k, v] of Object.entries(metrics)) rebuilt[k === name ? next : k] = v;
        for (const k of Object.keys(metrics)) delete metrics[k];
        Object.assign(metrics, rebuilt);
        this.onChange(true);
      });
      row.append(el("td", {}, keyInput, el("div", { class: "field-errors", "data-errors": pathString([...path, name]) })));
      const entry = metrics[name] && typeof metrics[name] === "object" ? metrics[name] : (metrics[name] = {});
      for (const col of METRIC_COLUMNS) {
        const colSchema = this.variants(metric.properties[col])[0];
        const numeric = colSchema.type === "number" || colSchema.type === "integer" || col === "value" || col === "target";
        const input = el("input", {
          "aria-label": `${name} ${this.deref(metric.properties[col]).title}`,
          "data-path": pathString([...path, name, col]), inputmode: numeric ? "decimal" : undefined,
          class: numeric ? "num" : undefined,
        });
        input.value = entry[col] === undefined || entry[col] === null ? "" : String(entry[col]);
        input.addEventListener("input", () => {
          const raw = input.value.trim();
          if (raw === "") delete entry[col];
          else if (numeric && /^-?\d+(\.\d+)?$/.test(raw)) entry[col] = Number(raw);
          else entry[col] = raw;
          this.onChange(false);
        });
        row.append(el("td", {}, input, el("div", { class: "field-errors", "data-errors": pathString([...path, name, col]) })));
      }
      row.append(el("td", {}, el("button", { type: "button", class: "remove", "aria-label": `删除指标 ${name}`, text: "✕",
        onclick: () => { delete metrics[name]; this.onChange(true); } })));
      body.append(row);
    }
    table.append(body);
    const add = el("button", { type: "button", class: "add", text: "＋ 添加指标", onclick: () => {
      let n = Object.keys(metrics).length + 1;
      while (`metric_${n}` in metrics) n++;
      metrics[`metric_${n}`] = { label: "", value: 0, unit: "" };
      this.onChange(true);
    } });
    return el("div", { class: "metrics-wrap" }, table, add);
  }
}

function variantName(v, fallback) {
  if (v.type === "string") return fallback ? fallback : "一段文字";
  return v.title || fallback || "项";
}

export function autoGrow(area) {
  area.style.height = "auto";
  area.style.height = Math.min(area.scrollHeight + 2, 600) + "px";
}
