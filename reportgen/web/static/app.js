// The editor page: file list, form and source kept in sync, live findings and preview, saving.
import { SchemaForm, autoGrow } from "./form.js";
import { attachCompletion } from "./complete.js";

const TOKEN = document.querySelector('meta[name="reportgen-token"]').content;
const $ = (id) => document.getElementById(id);
const PAUSE_MS = 250;
const KINDS = {
  "brand-submission": "申报材料", report: "报告", request: "请示", "official-report": "报告（公文）",
  notice: "通知", letter: "函", minutes: "纪要",
};
const STATUS = { ok: "✓ 无问题", warnings: "⚠ 警告", errors: "✗ 错误" };

const state = {
  path: null, etag: null, text: "", saved: "", data: null, tab: "form",
  seq: 0, shown: 0, timer: null, pending: null, findings: [], form: null, formStale: false,
};

async function api(method, url, body, headers = {}) {
  const init = { method, headers: { "X-Reportgen-Token": TOKEN, ...headers } };
  if (body instanceof Blob || body instanceof ArrayBuffer) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(url, init);
  const type = response.headers.get("content-type") || "";
  const payload = type.includes("json") ? await response.json() : await response.blob();
  if (!response.ok) {
    const error = new Error((payload && payload.error) || `请求失败（${response.status}）`);
    error.status = response.status;
    error.payload = payload;
    throw error;
  }
  return payload;
}

function say(text) { $("status").textContent = text; }

function banner(text, actions = []) {
  const box = $("banner");
  box.replaceChildren();
  if (!text) { box.hidden = true; return; }
  const p = document.createElement("p");
  p.textContent = text;
  box.append(p);
  for (const [label, fn] of actions) {
    const b = document.createElement("button");
    b.type = "button"; b.textContent = label; b.addEventListener("click", fn);
    box.append(b);
  }
  const close = document.createElement("button");
  close.type = "button"; close.textContent = "关闭"; close.addEventListener("click", () => banner(""));
  box.append(close);
  box.hidden = false;
}

function markDirty() {
  const dirty = state.text !== state.saved;
  $("dirty").textContent = dirty ? "● 未保存" : "已保存";
  $("dirty").className = dirty ? "dirty on" : "dirty";
}

// ------------------------------------------------------------------ file list

async function loadFiles() {
  const { files } = await api("GET", "/api/files");
  const rows = $("file-rows");
  rows.replaceChildren();
  for (const f of files) {
    const tr = document.createElement("tr");
    tr.className = f.path === state.path ? "current" : "";
    const name = document.createElement("button");
    name.type = "button"; name.className = "file-link"; name.textContent = f.path;
    name.addEventListener("click", () => openFile(f.path));
    const kind = f.abstract ? "基础文件" : KINDS[f.kind] || "—";
    const status = STATUS[f.status] + (f.errors ? ` ${f.errors}` : f.warnings ? ` ${f.warnings}` : "");
    const cells = [name, kind, f.year || "—", status];
    cells.forEach((c, n) => {
      const td = document.createElement("td");
      if (c instanceof Node) td.append(c); else td.textContent = c;
      if (n === 3) td.className = `st-${f.status}`;
      tr.append(td);
    });
    rows.append(tr);
  }
}

async function openFile(path) {
  if (state.text !== state.saved && !confirm("当前文件有未保存的修改，确定放弃吗？")) return;
  const file = await api("GET", `/api/file?path=${encodeURIComponent(path)}`);
  Object.assign(state, { path, etag: file.etag, text: file.text, saved: file.text, data: null, findings: [] });
  $("doc-name").textContent = path;
  for (const id of ["save", "download-docx", "download-pdf", "duplicate", "delete"]) $(id).disabled = false;
  $("source").value = file.text;
  $("pages").replaceChildren();
  markDirty();
  banner("");
  await loadFiles();
  await analyse({ text: file.text });
}

// ------------------------------------------------------------------ drafts: check and preview

function schedule(body) {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => analyse(body()), PAUSE_MS);
  $("preview-state").textContent = "输入中…";
}

async function analyse(body) {
  const seq = ++state.seq;
  state.sentAt = performance.now();
  $("preview-state").textContent = "正在更新…";
  const have = [...$("pages").querySelectorAll("img")].map((img) => img.dataset.hash);
  const request = api("POST", "/api/analyse", { path: state.path, seq, have, ...body })
    .then((result) => apply(result, seq, body))
    .catch((error) => { if (seq === state.seq) $("preview-state").textContent = error.message; });
  state.pending = request;
  return request;
}

function apply(result, seq, body) {
  if (seq !== state.seq) return; // a newer draft is on its way
  state.text = result.text;
  if (state.tab !== "source" || document.activeElement !== $("source")) $("source").value = result.text;
  if (result.data) {
    state.data = result.data;
    if (!("data" in body)) {
      if (state.tab === "form") state.form.render(structuredClone(state.data)); else state.formStale = true;
    }
  }
  if (!state.form.data || !state.form.data.kind) state.form.render(structuredClone(state.data || {}));
  state.findings = result.findings;
  showFindings();
  showPages(result);
  markDirty();
}

function showPages(result) {
  const holder = $("pages");
  if (!result.pages) {
    holder.classList.add("stale");
    $("preview-state").textContent = result.error || (result.note ? result.note : "有错误，改正后更新预览");
    return;
  }
  holder.classList.remove("stale");
  const imgs = [...holder.querySelectorAll("img")];
  const known = new Map(imgs.map((img) => [img.dataset.hash, img.src]));
  result.pages.forEach((page, n) => {
    let img = imgs[n];
    if (!img) {
      img = document.createElement("img");
      img.alt = `第 ${n + 1} 页`;
      holder.append(img);
    }
    if (img.dataset.hash !== page.hash) {
      // A page the server did not resend is one this preview already shows (maybe elsewhere).
      img.src = page.png ? `data:image/png;base64,${page.png}` : known.get(page.hash);
      img.dataset.hash = page.hash;
    }
  });
  imgs.slice(result.pages.length).forEach((img) => img.remove());
  holder.dataset.pages = String(result.pages.length);
  // How long the change took to reach the screen (read by bench/bench_serve.py).
  const sent = state.sentAt;
  Promise.all([...holder.querySelectorAll("img")].map((img) => img.decode().catch(() => null)))
    .then(() => { holder.dataset.shownMs = String(Math.round(performance.now() - sent)); holder.dataset.shownSeq = String(state.seq); });
  $("preview-state").textContent = `共 ${result.pages.length} 页`;
}

function showFindings() {
  const list = $("findings");
  list.replaceChildren();
  document.querySelectorAll(".field-errors").forEach((e) => e.replaceChildren());
  document.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  if (!state.findings.length) {
    list.textContent = "✓ 没有发现问题";
    list.className = "findings ok";
    return;
  }
  list.className = "findings";
  const errors = state.findings.filter((f) => f.severity === "error").length;
  const head = document.createElement("p");
  head.textContent = `${errors} 个错误，${state.findings.length - errors} 个警告`;
  list.append(head);
  // Findings about this machine's fonts (not the file) go in a closed group of their own.
  const machine = document.createElement("details");
  machine.className = "machine";
  const summary = document.createElement("summary");
  machine.append(summary);
  for (const f of state.findings) {
    const item = document.createElement("div");
    item.className = `finding ${f.severity}`;
    item.setAttribute("role", f.severity === "error" ? "alert" : "note");
    const where = f.here ? `第 ${f.line} 行` : `${f.file}:${f.line}`;
    const text = document.createElement("button");
    text.type = "button"; text.className = "finding-text";
    text.textContent = `${f.code} ${f.title || f.field || ""}：${f.message}（${where}）`;
    text.addEventListener("click", () => goTo(f));
    item.append(text);
    if (f.fixable && f.here) {
      const b = document.createElement("button");
      b.type = "button"; b.className = "fix"; b.textContent = `修复：${f.fix}`;
      b.addEventListener("click", () => fix(f));
      item.append(b);
    } else if (f.fix) {
      const hint = document.createElement("span");
      hint.className = "hint"; hint.textContent = `建议：${f.fix}`;
      item.append(hint);
    }
    (f.code === "RG702" ? machine : list).append(item);
    placeAtField(f);
  }
  const fonts = machine.children.length - 1;
  if (fonts) {
    summary.textContent = `本机字体提示 ${fonts} 条（未安装公文正式字体，PDF 用替代字体；Word 文件不受影响）`;
    list.append(machine);
  }
}

function fieldFor(field) {
  let path = field;
  while (path) {
    const node = document.querySelector(`#panel-form [data-errors="${CSS.escape(path)}"]`);
    if (node) return node;
    const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
    path = cut > 0 ? path.slice(0, cut) : "";
  }
  return null;
}

function placeAtField(f) {
  if (!f.here || !f.field) return;
  const box = fieldFor(f.field);
  if (!box) return;
  const msg = document.createElement("p");
  msg.className = `field-error ${f.severity}`;
  msg.textContent = `${f.message}${f.fix ? `（${f.fixable ? "可修复" : "建议"}：${f.fix}）` : ""}`;
  box.append(msg);
  const input = document.querySelector(`#panel-form [data-path="${CSS.escape(f.field)}"]`);
  if (input && f.severity === "error") input.setAttribute("aria-invalid", "true");
}

function goTo(f) {
  if (state.tab === "form") {
    const input = document.querySelector(`#panel-form [data-path="${CSS.escape(f.field)}"]`) || fieldFor(f.field);
    if (input) { input.scrollIntoView({ block: "center" }); if (input.focus) input.focus(); return; }
  }
  selectTab("source");
  const area = $("source");
  const lines = area.value.split("\n");
  const start = lines.slice(0, f.line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(f.column - 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[f.line - 1] || "").length - Math.max(f.column - 1, 0));
}

async function fix(f) {
  await flush();
  const result = await api("POST", "/api/fix", { path: state.path, text: state.text, code: f.code, line: f.line, column: f.column });
  state.text = result.text;
  $("source").value = result.text;
  say(result.changes.length ? `已修复：${result.changes.join("；")}` : "没有可修复之处");
  await analyse({ text: result.text });
}

async function flush() {
  if (state.timer) {
    clearTimeout(state.timer);
    state.timer = null;
    if (state.tab === "form") await analyse({ text: state.text, data: state.form.data });
    else await analyse({ text: $("source").value });
  }
  if (state.pending) await state.pending;
}

// ------------------------------------------------------------------ saving, files

async function save() {
  if (!state.path) return;
  await flush();
  try {
    const saved = await api("PUT", "/api/file", { path: state.path, text: state.text, etag: state.etag });
    state.etag = saved.etag;
    state.saved = state.text;
    markDirty();
    say(`已保存 ${state.path}（旧版本在 .reportgen/history/）`);
    loadFiles();
  } catch (error) {
    if (error.status === 409) {
      banner(error.message, [["重新载入（放弃我的修改）", () => { state.saved = state.text; openFile(state.path); }]]);
      say("保存失败：文件已被修改");
    } else say(`保存失败：${error.message}`);
  }
}

async function download(format) {
  if (state.text !== state.saved) await save();
  if (state.text !== state.saved) return;
  try {
    const blob = await api("GET", `/api/download?path=${encodeURIComponent(state.path)}&format=${format}`);
    const name = state.path.split("/").pop().replace(/\.(ya?ml|json)$/i, `.${format}`);
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.append(a); a.click(); a.remove();
    say(`已下载 ${name}`);
  } catch (error) { banner(`无法生成：${error.message}`); }
}

async function downloadAll() {
  say("正在生成全部文件…");
  const blob = await api("GET", "/api/download-folder?path=.");
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob); a.download = "reportgen.zip";
  document.body.append(a); a.click(); a.remove();
  say("已下载全部文件（zip，内含 manifest.json）");
}

async function run(action) {
  try { await action(); } catch (error) { banner(error.message); }
}

async function importFile(file) {
  if (!file) return;
  say(`正在导入 ${file.name}…`);
  const report = $("import-report");
  try {
    const result = await api("POST", "/api/import", file, { "X-Filename": encodeURIComponent(file.name) });
    report.replaceChildren();
    const h = document.createElement("h3"); h.textContent = `导入报告：${file.name}`;
    const pre = document.createElement("pre"); pre.textContent = result.lines.join("\n");
    report.append(h, pre); report.hidden = false;
    await openFile(result.path);
    say(`已导入为 ${result.path}，请对照左侧导入报告核对`);
  } catch (error) {
    report.replaceChildren();
    const pre = document.createElement("pre"); pre.className = "error"; pre.textContent = error.message;
    report.append(pre); report.hidden = false;
    say("导入失败");
  }
}

function selectTab(tab) {
  state.tab = tab;
  for (const name of ["form", "source"]) {
    const on = name === tab;
    $(`tab-${name}`).setAttribute("aria-selected", String(on));
    $(`tab-${name}`).tabIndex = on ? 0 : -1;
    $(`panel-${name}`).hidden = !on;
  }
  if (tab === "form" && state.formStale) {
    state.formStale = false;
    state.form.render(structuredClone(state.data || {}));
    showFindings();
  }
  if (tab === "source") autoGrow($("source"));
}

async function init() {
  const schema = await api("GET", "/api/schema");
  state.form = new SchemaForm($("panel-form"), schema, (structural) => {
    if (structural) { state.form.render(state.form.data); showFindings(); }
    schedule(() => ({ text: state.text, data: state.form.data }));
  });
  attachCompletion($("complete"), () => Object.keys((state.form.data || {}).metrics || {}));
  $("source").addEventListener("input", () => {
    state.formStale = true;
    schedule(() => ({ text: $("source").value }));
  });
  $("tab-form").addEventListener("click", () => selectTab("form"));
  $("tab-source").addEventListener("click", () => selectTab("source"));
  document.querySelector(".tabs").addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      const next = state.tab === "form" ? "source" : "form";
      selectTab(next); $(`tab-${next}`).focus();
    }
  });
  $("save").addEventListener("click", () => run(save));
  $("download-docx").addEventListener("click", () => run(() => download("docx")));
  $("download-pdf").addEventListener("click", () => run(() => download("pdf")));
  $("download-all").addEventListener("click", () => run(downloadAll));
  $("new-brand").addEventListener("click", () => run(async () => openFile((await api("POST", "/api/new", { kind: "brand-submission" })).path)));
  $("new-report").addEventListener("click", () => run(async () => openFile((await api("POST", "/api/new", { kind: "report" })).path)));
  $("new-official").addEventListener("change", (e) => {
    const kind = e.target.value;
    e.target.value = "";
    if (kind) run(async () => openFile((await api("POST", "/api/new", { kind })).path));
  });
  $("duplicate").addEventListener("click", () => run(async () => {
    const made = await api("POST", "/api/duplicate", { path: state.path });
    say(`已复制为 ${made.path}（previous 指向 ${state.path}）`);
    await openFile(made.path);
  }));
  $("delete").addEventListener("click", () => run(async () => {
    if (!confirm(`把 ${state.path} 移到回收文件夹？`)) return;
    const done = await api("POST", "/api/delete", { path: state.path });
    say(`已移到 ${done.recycled}`);
    Object.assign(state, { path: null, text: "", saved: "" });
    $("doc-name").textContent = "（请在左侧选择或新建文件）";
    $("panel-form").replaceChildren(); $("pages").replaceChildren(); $("findings").replaceChildren();
    await loadFiles();
  }));
  $("import-file").addEventListener("change", (e) => run(() => importFile(e.target.files[0])));
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") { e.preventDefault(); run(save); }
  });
  window.addEventListener("beforeunload", (e) => { if (state.text !== state.saved) e.preventDefault(); });
  document.addEventListener("dragover", (e) => { if (e.dataTransfer.types.includes("Files")) { e.preventDefault(); $("drop").hidden = false; } });
  document.addEventListener("dragleave", (e) => { if (!e.relatedTarget) $("drop").hidden = true; });
  document.addEventListener("drop", (e) => {
    if (!e.dataTransfer.files.length) return;
    e.preventDefault(); $("drop").hidden = true;
    run(() => importFile(e.dataTransfer.files[0]));
  });
  await loadFiles();
  const wanted = new URLSearchParams(location.search).get("file");
  if (wanted) await openFile(wanted);
  document.body.dataset.ready = "1";
}

init().catch((error) => banner(`页面初始化失败：${error.message}`));
