// The upload page of `summarize serve`: choose files, send them, follow each file, show the briefing.
// Plain browser JavaScript, no framework: every text from the server is set with textContent,
// except the briefing, which the server renders and escapes.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const maxFiles = Number(document.body.dataset.maxFiles);
  const maxBytes = Number(document.body.dataset.maxBytes);
  const STATES = {
    waiting: ["…", "等待"],
    reading: ["↻", "正在读取"],
    done: ["✓", "已收录"],
    skipped: ["✗", "未收录"],
    noted: ["–", "未读取"],
  };
  let chosen = []; // {file, path}

  const size = (bytes) =>
    bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

  function item(list, cls, icon, name, note) {
    const li = document.createElement("li");
    li.className = cls;
    for (const [c, text] of [["icon", icon], ["name", name], ["note", note]]) {
      const span = document.createElement("span");
      span.className = c;
      span.textContent = text;
      li.append(span);
    }
    list.append(li);
  }

  function showChosen() {
    const total = chosen.reduce((sum, c) => sum + c.file.size, 0);
    const list = $("chosen-list");
    list.replaceChildren();
    for (const c of chosen) item(list, "chosen", "•", c.path, size(c.file.size));
    $("chosen").hidden = chosen.length === 0;
    $("chosen-count").textContent = `已选 ${chosen.length} 个文件，共 ${size(total)}`;
    let problem = "";
    if (!chosen.length) problem = "请先选择报告文件。";
    else if (chosen.length > maxFiles) problem = `文件太多：最多 ${maxFiles} 个。`;
    else if (total > maxBytes) problem = `文件太大：合计不能超过 ${size(maxBytes)}。`;
    $("go").disabled = Boolean(problem);
    $("go-hint").textContent = problem || "文件已选好，可以生成简报。";
    $("go").textContent = "生成简报";
  }

  function add(items) {
    for (const it of items) {
      if (!chosen.some((c) => c.path === it.path)) chosen.push(it);
    }
    showChosen();
  }

  // A folder dropped on the page: its files with their paths inside it (as "选择文件夹" gives them).
  async function walk(entry, prefix, out) {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      out.push({ file, path: prefix + entry.name });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (!batch.length) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`, out);
      }
    }
  }

  function error(text) {
    $("error").textContent = text;
    $("error").hidden = !text;
  }

  function showProgress(status) {
    const list = $("file-list");
    list.replaceChildren();
    for (const f of status.files) {
      const [icon, word] = STATES[f.state] || ["?", f.state];
      // "不支持的文件类型 .xlsx，未读取" says 未读取 itself; it is not said twice.
      const note = !f.note ? word : f.note.includes(word) ? f.note : `${word}：${f.note}`;
      item(list, `state-${f.state}`, icon, f.name, note);
    }
    const steps = { queued: "排队等待中…", unpacking: "正在解压…", reading: "正在读取报告…", writing: "正在生成简报…" };
    const head = steps[status.state] || (status.state === "done" ? "已完成" : "未完成");
    $("progress-text").textContent = `${head}　已处理 ${status.done} / ${status.total} 个文件`;
    $("progress-bar").max = Math.max(1, status.total);
    $("progress-bar").value = status.finished ? status.total : status.done;
  }

  async function finish(id, status) {
    if (status.message) error(status.message);
    if (!status.downloads.length) return;
    const labels = { docx: "Word 文档", md: "Markdown 文本", json: "JSON 数据", eml: "邮件草稿" };
    const links = $("download-links");
    links.replaceChildren();
    for (const fmt of ["docx", "md", "json", "eml"]) {
      const d = status.downloads.find((x) => x.format === fmt);
      if (!d) continue;
      const a = document.createElement("a");
      a.className = `button download download-${fmt}`;
      a.href = `jobs/${id}/files/${fmt}`;
      a.download = d.name;
      a.textContent = `${labels[fmt]}（.${fmt}）`;
      links.append(a);
    }
    const response = await fetch(`jobs/${id}/briefing`);
    $("briefing").innerHTML = response.ok ? await response.text() : "";
    $("result").hidden = false;
    $("result").scrollIntoView({ behavior: "smooth", block: "start" });
  }

  async function follow(id) {
    for (;;) {
      const response = await fetch(`jobs/${id}`);
      const status = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(status.error || `查询进度失败（${response.status}）`);
      status.finished = status.state === "done" || status.state === "failed";
      showProgress(status);
      if (status.finished) return finish(id, status);
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }

  async function go() {
    error("");
    $("result").hidden = true;
    $("go").disabled = true;
    $("progress").hidden = false;
    $("file-list").replaceChildren();
    $("progress-text").textContent = "正在上传…";
    const data = new FormData($("options"));
    for (const c of chosen) data.append("files", c.file, c.path);
    try {
      const response = await fetch("jobs", { method: "POST", body: data });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.error || `上传失败（${response.status}）`);
      await follow(body.id);
      showChosen();
      if (!$("result").hidden) {
        $("go").textContent = "重新生成";
        $("go-hint").textContent = "简报已生成，见下方。改了设置或文件，可以再生成一次。";
      }
    } catch (err) {
      error(err.message || "与服务器的连接中断，请重试。");
      $("progress-text").textContent = "未完成";
      showChosen();
    }
  }

  $("pick-files").addEventListener("change", (e) => {
    add([...e.target.files].map((file) => ({ file, path: file.name })));
    e.target.value = "";
  });
  $("pick-folder").addEventListener("change", (e) => {
    add([...e.target.files].map((file) => ({ file, path: file.webkitRelativePath || file.name })));
    e.target.value = "";
  });
  // A file dropped anywhere on the page counts: a browser left to itself would open it instead,
  // and the page with its options would be gone.
  const drop = $("drop");
  for (const kind of ["dragenter", "dragover"]) {
    document.addEventListener(kind, (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
  }
  document.addEventListener("dragleave", (e) => {
    if (!e.relatedTarget) drop.classList.remove("over");
  });
  document.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
    if (!entries.length) return add([...e.dataTransfer.files].map((file) => ({ file, path: file.name })));
    const out = [];
    for (const entry of entries) await walk(entry, "", out);
    add(out);
  });
  $("clear").addEventListener("click", () => {
    chosen = [];
    showChosen();
  });
  $("go").addEventListener("click", go);
  showChosen();
})();
