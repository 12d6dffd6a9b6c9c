// Ferry's dashboard: fills the server-rendered pages from the management API, with the sign-in cookie (sent by the
// browser; this script never sees a key). POSTs carry x-ferry-dashboard, Ferry's anti-CSRF check for the cookie.
"use strict";
(function () {
  const base = document.body.dataset.base || "";
  const finished = ["Completed", "Failed", "Terminated"];
  const svgNs = "http://www.w3.org/2000/svg";

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attrs || {})) { e.setAttribute(k, String(v)); }
    return e;
  }
  function target(job) {
    const t = job.input && job.input.options && job.input.options.target;
    if (t) { return t; }
    return /\.(json|ndjson|jsonl)$/i.test(job.name || "") ? "auth0" : "okta";
  }
  function duration(seconds) {
    if (seconds === null || seconds === undefined || !isFinite(seconds)) { return "–"; }
    seconds = Math.max(0, Math.round(seconds));
    const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return (h ? h + " h " : "") + (h || m ? m + " min " : "") + s + " s";
  }
  function jobSeconds(job) {
    const end = finished.includes(job.runtimeStatus) ? Date.parse(job.lastUpdatedTime) : Date.now();
    return (end - Date.parse(job.createdTime)) / 1000;
  }
  async function getJson(url) {
    const response = await fetch(base + url, { headers: { "Accept": "application/json" }, credentials: "same-origin" });
    if (response.status === 401) { location.href = base + "/dashboard/signin"; throw new Error("signed out"); }
    if (response.status === 404) { return null; }
    if (!response.ok) { throw new Error(url + " answered " + response.status); }
    return response.json();
  }
  function fillRows(tbody, rows) {
    tbody.replaceChildren(...rows.map(cells => {
      const tr = el("tr");
      for (const c of cells) { tr.append(c instanceof Node ? c : el("td", c)); }
      return tr;
    }));
  }
  function progressBar(percent) {
    const outer = el("div", null, "progress small");
    const bar = el("div", null, "bar");
    bar.style.width = Math.min(100, percent) + "%";
    outer.append(bar);
    const td = el("td");
    td.append(outer, el("span", percent.toFixed(0) + " %", "pct"));
    return td;
  }

  // ---- jobs list ----
  async function jobsPage() {
    const state = document.getElementById("jobs-state");
    const tbody = document.querySelector("#jobs tbody");
    async function refresh() {
      try {
        const jobs = await getJson("/api/migrations?top=1000");
        jobs.sort((a, b) => Date.parse(b.createdTime) - Date.parse(a.createdTime));
        state.textContent = jobs.length ? jobs.length + " job(s)" : "No jobs yet.";
        fillRows(tbody, jobs.map(job => {
          const link = el("a", job.instanceId);
          link.href = base + "/dashboard/jobs/" + encodeURIComponent(job.instanceId);
          const first = el("td"); first.append(link, el("div", job.name, "muted small"));
          const c = job.customStatus;
          return [first, el("td", job.runtimeStatus, "status " + job.runtimeStatus.toLowerCase()), target(job),
            c.rowsDone + " / " + c.rowsTotal, progressBar(c.percent), new Date(job.createdTime).toLocaleString(), duration(jobSeconds(job))];
        }));
        tbody.parentElement.dataset.loaded = "true";
      } catch (e) {
        state.textContent = "Could not load the jobs: " + e.message;
      }
    }
    await refresh();
    setInterval(refresh, 5000);
  }

  // ---- charts: inline SVG ----
  // series: [{ name, cls, points: [[time ms, value]] }]
  function drawChart(chart, series, unit) {
    const w = 600, h = 160, left = 48, right = 8, top = 10, bottom = 22;
    const all = series.flatMap(s => s.points);
    chart.replaceChildren();
    chart.append(svg("rect", { x: left, y: top, width: w - left - right, height: h - top - bottom, class: "frame" }));
    if (!all.length) {
      const t = svg("text", { x: w / 2, y: h / 2, "text-anchor": "middle", class: "empty" });
      t.textContent = "No samples yet";
      chart.append(t);
      chart.dataset.points = "0";
      return;
    }
    const t0 = Math.min(...all.map(p => p[0])), t1 = Math.max(...all.map(p => p[0]), t0 + 1000);
    const max = Math.max(1, ...all.map(p => p[1])) * 1.1;
    const x = t => left + (t - t0) / (t1 - t0) * (w - left - right);
    const y = v => top + (1 - v / max) * (h - top - bottom);
    for (const v of [0, max / 2, max]) {
      const label = svg("text", { x: left - 4, y: y(v) + 4, "text-anchor": "end", class: "axis" });
      label.textContent = Math.round(v).toLocaleString();
      chart.append(label, svg("line", { x1: left, x2: w - right, y1: y(v), y2: y(v), class: "grid" }));
    }
    const span = svg("text", { x: w - right, y: h - 6, "text-anchor": "end", class: "axis" });
    span.textContent = duration((t1 - t0) / 1000) + (unit ? " · " + unit : "");
    chart.append(span);
    let count = 0;
    for (const s of series) {
      if (!s.points.length) { continue; }
      chart.append(svg("polyline", { points: s.points.map(p => x(p[0]).toFixed(1) + "," + y(p[1]).toFixed(1)).join(" "), class: "line " + s.cls }));
      for (const p of s.points) {
        const dot = svg("circle", { cx: x(p[0]).toFixed(1), cy: y(p[1]).toFixed(1), r: 2.5, class: "point " + s.cls });
        const title = svg("title"); title.textContent = s.name + ": " + Math.round(p[1]) + " at " + new Date(p[0]).toLocaleTimeString();
        dot.append(title);
        chart.append(dot);
        count++;
      }
    }
    chart.dataset.points = String(count);
  }

  // ---- a job's page ----
  async function jobPage() {
    const id = document.getElementById("job-id").dataset.jobId;
    const path = "/api/migrations/" + encodeURIComponent(id);
    const storeKey = "ferry-dashboard:" + id;
    // Samples polled while this page is open (kept in this tab's session storage, nowhere else).
    const history = JSON.parse(sessionStorage.getItem(storeKey) || '{"rate":[],"buckets":{}}');
    let last = null, lastReportsAt = 0, reportsFinal = false;

    function sample(job) {
      const now = Date.now(), c = job.customStatus;
      if (c.phase === "rows" && last && last.customStatus.phase === "rows" && history.lastAt) {
        const minutes = (now - history.lastAt) / 60000;
        history.rate.push({ t: now, now: Math.max(0, c.rowsDone - last.customStatus.rowsDone) / minutes, avg: c.rowsPerMinute });
      } else if (c.rowsPerMinute !== null && c.rowsPerMinute !== undefined) {
        history.rate.push({ t: now, now: null, avg: c.rowsPerMinute });
      }
      for (const b of c.budget || []) {
        const list = history.buckets[b.bucket] || (history.buckets[b.bucket] = []);
        const prev = list.length ? list[list.length - 1] : null;
        list.push({ t: now, limit: b.limit, remaining: b.remaining, quota: b.quota, inFlight: b.inFlight, throttled: b.throttled,
          squeezedBy: b.squeezedBy || 0, othersPerWindow: b.othersPerWindow ?? null,
          new429: prev ? Math.max(0, b.throttled - prev.throttled) : 0 });
      }
      history.lastAt = now;
      history.rate = history.rate.slice(-600);
      for (const k of Object.keys(history.buckets)) { history.buckets[k] = history.buckets[k].slice(-600); }
      sessionStorage.setItem(storeKey, JSON.stringify(history));
    }

    function drawBuckets() {
      const container = document.getElementById("buckets");
      const names = Object.keys(history.buckets);
      if (!names.length) { return; }
      document.getElementById("buckets-empty")?.remove();
      for (const name of names) {
        const samples = history.buckets[name];
        let box = container.querySelector('[data-bucket="' + CSS.escape(name) + '"]');
        if (!box) {
          box = el("div", null, "bucket");
          box.dataset.bucket = name;
          box.append(el("h3", name), el("p", null, "facts"),
            svg("svg", { viewBox: "0 0 600 160", class: "chart budget-chart", role: "img", "aria-label": name + ": remaining calls, limit and Ferry's share" }),
            svg("svg", { viewBox: "0 0 600 160", class: "chart throttle-chart", role: "img", "aria-label": name + ": 429 answers over time" }));
          const legend = el("p", null, "legend");
          legend.append(el("span", null, "key remaining"), "remaining ", el("span", null, "key limit"), "limit ",
            el("span", null, "key quota"), "Ferry's share ", el("span", null, "key throttled"), "429s per poll");
          box.append(legend);
          container.append(box);
        }
        const s = samples[samples.length - 1];
        const total429 = samples.reduce((n, p) => n + p.new429, 0);
        box.querySelector(".facts").textContent = "limit " + (s.limit ?? "–") + " · Ferry's share " + s.quota + " · remaining " + (s.remaining ?? "–") +
          " · in flight " + s.inFlight + " · 429s while watched " + total429 + " (" + s.throttled + " since the budget began)" +
          (s.squeezedBy > 0 ? " · squeezed by " + s.squeezedBy + ": other apps used " + s.othersPerWindow + " of the last window" : "");
        drawChart(box.querySelector(".budget-chart"), [
          { name: "limit", cls: "limit", points: samples.filter(p => p.limit !== null).map(p => [p.t, p.limit]) },
          { name: "Ferry's share", cls: "quota", points: samples.map(p => [p.t, p.quota]) },
          { name: "remaining", cls: "remaining", points: samples.filter(p => p.remaining !== null).map(p => [p.t, p.remaining]) },
        ], "calls per window");
        drawChart(box.querySelector(".throttle-chart"), [
          { name: "429s", cls: "throttled", points: samples.map(p => [p.t, p.new429]) },
        ], "429s per poll");
      }
    }

    function show(job) {
      const c = job.customStatus, done = finished.includes(job.runtimeStatus);
      document.getElementById("job-file").textContent = job.name;
      document.getElementById("job-target").textContent = target(job);
      const status = document.getElementById("job-status");
      status.textContent = job.runtimeStatus;
      status.className = "status " + job.runtimeStatus.toLowerCase();
      document.getElementById("job-phase").textContent = c.phase;
      const reason = document.getElementById("job-reason");
      reason.hidden = !c.reason;
      reason.textContent = c.reason ? "Reason: " + c.reason : "";
      const bar = document.getElementById("progress-bar");
      bar.style.width = Math.min(100, c.percent) + "%";
      bar.parentElement.setAttribute("aria-valuenow", String(Math.round(c.percent)));
      document.getElementById("progress-text").textContent = c.percent.toFixed(0) + " % · " + c.rowsDone + " of " + c.rowsTotal + " rows";
      document.getElementById("rate").textContent = c.rowsPerMinute === null ? "–" : Math.round(c.rowsPerMinute).toLocaleString();
      document.getElementById("eta").textContent = done ? "done" : (c.etaSeconds === null ? "–" : duration(c.etaSeconds));
      document.getElementById("rows-succeeded").textContent = c.rowsSucceeded;
      document.getElementById("rows-failed").textContent = c.rowsFailed;
      document.getElementById("rows-invalid").textContent = c.rowsInvalid;
      const visible = {
        "approve": job.runtimeStatus === "Running" && c.phase === "awaiting-approval",
        "suspend": job.runtimeStatus === "Running" && c.phase !== "terminating",
        "resume": job.runtimeStatus === "Suspended",
        "terminate": !done && c.phase !== "terminating",
        // Rows not done: failed ones, and those a job that stopped early never attempted. Auth0 jobs are rerun from a file of their failed lines.
        "rerun-failed": done && (c.rowsFailed > 0 || (job.output?.summary?.rowsNotAttempted ?? 0) > 0) && String(target(job)).toLowerCase() !== "auth0",
        "undo": done && createdSomething(job),
      };
      for (const button of document.querySelectorAll("#actions button")) { button.hidden = !visible[button.dataset.action]; }
      drawChart(document.getElementById("rate-chart"), [
        { name: "between polls", cls: "now", points: history.rate.filter(p => p.now !== null).map(p => [p.t, p.now]) },
        { name: "average", cls: "avg", points: history.rate.filter(p => p.avg !== null).map(p => [p.t, p.avg]) },
      ], "rows per minute");
      drawBuckets();
    }

    // An undo job is never undone; any other finished job that created users or groups can be.
    function createdSomething(job) {
      const input = job.input || {}, options = input.options || {};
      if (input.undoOf || String(options.kind || "").toLowerCase() === "undo") { return false; }
      const summary = (job.output && job.output.summary) || {};
      const actions = summary.actions || {};
      return (actions.created || 0) + (actions.activated || 0) + ((summary.groups && summary.groups.created) || 0) > 0;
    }

    function showOutcomes(summary) {
      const state = document.getElementById("outcomes-state");
      if (!summary) { return; }
      state.textContent = "From summary.json" + (summary.finishedAt ? " (" + summary.outcome + ")" : "") + ".";
      const sorted = o => Object.entries(o || {}).sort((a, b) => b[1] - a[1]);
      fillRows(document.querySelector("#outcomes-actions tbody"), sorted(summary.actions));
      fillRows(document.querySelector("#outcomes-errors tbody"), sorted(summary.errorCodes));
      document.getElementById("outcomes-actions").dataset.loaded = "true";
    }

    async function refreshReports(done) {
      const [summary, failed] = await Promise.all([
        getJson("/dashboard/jobs/" + encodeURIComponent(id) + "/reports/summary.json"),
        getJson("/dashboard/jobs/" + encodeURIComponent(id) + "/failed-rows"),
      ]);
      showOutcomes(summary);
      const state = document.getElementById("failed-state");
      const table = document.getElementById("failed-rows");
      if (failed && failed.found) {
        // total is null when failed.csv is longer than the part read and summary.json is not written yet.
        const total = failed.total === null ? "More than " + failed.rows.length : String(failed.total);
        state.textContent = failed.total === 0 ? "No failed rows." :
          total + " row(s) need attention" + (failed.total === null || failed.total > failed.rows.length ? "; the first " + failed.rows.length + " are listed, failed.csv has them all." : ".");
        fillRows(table.querySelector("tbody"), failed.rows.map(r => [r.line, r.row, r.login, r.email, r.action, r.errorCode, r.errorSummary]));
      }
      if (done) { table.dataset.loaded = "true"; }
    }

    async function poll() {
      try {
        const job = await getJson(path);
        if (!job) { document.getElementById("job-status").textContent = "not found"; return; }
        sample(job);
        last = job;
        show(job);
        const done = finished.includes(job.runtimeStatus);
        // Reports change at most every interim interval: read them every 10 s while running, once more when done.
        if (!reportsFinal && (done || Date.now() - lastReportsAt > 10000)) {
          lastReportsAt = Date.now();
          await refreshReports(done);
          reportsFinal = done;
        }
        document.body.dataset.polls = String(Number(document.body.dataset.polls || "0") + 1);
      } catch (e) {
        document.getElementById("action-result").textContent = "Status unavailable: " + e.message;
      }
    }

    const confirmations = {
      "approve": "Approve this job? It will write to the target org.",
      "suspend": "Suspend this job after the batches in progress?",
      "resume": "Resume this job?",
      "terminate": "Terminate this job? Its report will cover what was done so far.",
      "rerun-failed": "Start a new job over the rows of this job that are not done (failed, or never attempted)?",
      "undo": "Undo this job? A new job first lists what it would delete (users and groups this job created; users changed since are kept), then waits for your approval.",
    };
    const urls = {
      "approve": path + "/raiseEvent/approve",
      "suspend": path + "/suspend?reason=" + encodeURIComponent("Suspended from the dashboard"),
      "resume": path + "/resume?reason=" + encodeURIComponent("Resumed from the dashboard"),
      "terminate": path + "/terminate?reason=" + encodeURIComponent("Terminated from the dashboard"),
      "rerun-failed": path + "/rerun-failed",
      "undo": path + "/undo",
    };
    for (const button of document.querySelectorAll("#actions button")) {
      button.addEventListener("click", async () => {
        const action = button.dataset.action, result = document.getElementById("action-result");
        if (!confirm(confirmations[action])) { result.textContent = "Cancelled."; return; }
        button.disabled = true;
        try {
          const response = await fetch(base + urls[action], { method: "POST", credentials: "same-origin", headers: { "x-ferry-dashboard": "1" } });
          if (response.status === 202) {
            result.textContent = button.textContent + ": accepted.";
            if (action === "rerun-failed" || action === "undo") {
              const payload = await response.json();
              location.href = base + "/dashboard/jobs/" + encodeURIComponent(payload.id);
              return;
            }
          } else {
            const problem = await response.json().catch(() => ({}));
            result.textContent = button.textContent + ": " + response.status + " " + (problem.detail || problem.title || "");
          }
        } finally {
          button.disabled = false;
        }
        await poll();
      });
    }

    await poll();
    setInterval(poll, 2000);
  }

  const page = document.body.dataset.page;
  if (page === "jobs") { jobsPage(); }
  if (page === "job") { jobPage(); }
})();
