// The operations dashboard: signs in with a dashboard client, reads the figures from the services through
// the gateway, and follows the live event stream (fetch with the bearer header: EventSource cannot send one).
// A module: format.js writes times and numbers, feed.js orders the feed, charts.js draws.
import { drawAgeing, drawAppeals, drawCollections } from "./charts.js";
import { Feed } from "./feed.js";
import { count, malaysiaTime, malaysiaToday, ringgit, sen } from "./format.js";

let token = null;
let lastEventId = null;
let feed = null;
let refreshTimer = null;
// The services' business day, as the contribution service last told it (its "today" may be a
// back-dated run's); the browser's own Malaysian date until then.
let businessDay = null;
let me = null;  // the token's claims: an officer sees the approvals panel
const PREFIXES = { contribution: "/v1/contributions", loan: "/v1/loans", dialysis: "/v1/dialysis", appeals: "/v1/appeals" };

function $(id) { return document.getElementById(id); }

async function signIn(clientId, secret) {
  const body = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret });
  const response = await fetch("/auth/token", { method: "POST", body, headers: { "Accept-Language": language() } });
  if (!response.ok) { throw new Error(t("Sign-in failed: wrong client id or secret")); }
  return (await response.json()).access_token;
}

async function get(path) {
  const response = await fetch(path, { headers: { "Accept-Language": language(), Authorization: "Bearer " + token } });
  if (!response.ok) { return null; }
  return response.json();
}

function setText(id, value) { $(id).textContent = value; }

// Every item of a paginated list, page by page (a tile must count them all, not the first page).
async function getAll(path) {
  const items = [];
  let cursor = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const page = await get(path + separator + "limit=500" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    if (!page) { return null; }
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

async function refreshFigures() {
  const [payments, overdue, suspended, claims, bills, appeals] = await Promise.all([
    get("/v1/contributions/payments/received"), get("/v1/contributions/overdue"), getAll("/v1/loans?suspended=true"),
    getAll("/v1/dialysis/claims?status_filter=approved"), getAll("/v1/dialysis/bills"), getAll("/v1/appeals"),
  ]);
  if (payments) {
    businessDay = payments.since;
    setText("payments-count", count(payments.count));
    setText("payments-total", ringgit(sen(payments.total)));
  }
  if (overdue) {
    // Both of every submission in arrears (the list itself is paged: `overdue.items`).
    setText("overdue-count", count(overdue.count));
    setText("overdue-outstanding", ringgit(sen(overdue.outstanding)));
  }
  if (suspended) { setText("loans-suspended", count(suspended.length)); }
  if (claims) { setText("claims-waiting", count(claims.length)); }
  if (bills) { setText("bills-waiting", count(bills.filter((b) => b.status !== "paid").length)); }
  if (appeals) { drawAppeals({ chart: $("appeals-chart"), legendList: $("appeals-legend") }, appeals); }
  await refreshCharts();
}

function chartOf(name) {
  return { chart: $(name + "-chart"), legendList: $(name + "-legend"), figures: $(name + "-table"), summary: $(name + "-summary") };
}

// This month so far, by the business day: the range the CSV button downloads too.
function thisMonth() {
  const day = businessDay || malaysiaToday();
  return [day.slice(0, 8) + "01", day];
}

async function refreshCharts() {
  const [first, last] = thisMonth();
  const [collections, ageing] = await Promise.all([
    get(`/v1/contributions/reports/collections?from=${first}&to=${last}`),
    get("/v1/contributions/reports/arrears-ageing/totals"),
  ]);
  if (collections) { drawn.collections = () => drawCollections(chartOf("collections"), collections, first, last); }
  if (ageing) { drawn.ageing = () => drawAgeing(chartOf("ageing"), ageing); }
  redraw();
}

// The charts are drawn at the width they are shown (their text stays readable), so again when
// the window changes.
const drawn = {};
function redraw() { for (const draw of Object.values(drawn)) { draw(); } }
let resizeTimer = null;
window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(redraw, 150); });

function scheduleRefresh() {
  if (refreshTimer) { return; }
  refreshTimer = setTimeout(() => { refreshTimer = null; refreshFigures(); refreshApprovals(); }, 400);
}

function claimsOf(jwt) {
  const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
}

function cell(text) { const td = document.createElement("td"); td.textContent = text; return td; }

async function refreshApprovals() {
  if (!me || me.role !== "officer") { return; }
  const pending = [];
  let cursor = null;
  do {  // every page: a queue of money waiting is never shown cut
    const page = await get("/v1/approvals?status=pending&limit=500" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    if (!page) { showApprovalError("The approvals cannot be read now"); return; }
    pending.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  const waiting = pending.filter((a) => a.requested_by !== me.sub);
  const mine = pending.filter((a) => a.requested_by === me.sub);
  $("approvals-waiting").tBodies[0].replaceChildren(...waiting.map(waitingRow));
  $("approvals-mine").tBodies[0].replaceChildren(...mine.map((a) => {
    const row = document.createElement("tr");
    row.dataset.approvalId = a.id;
    row.append(cell(a.context), cell(a.summary), cell(a.amount ?? ""), cell(malaysiaTime(a.requested_at)));
    return row;
  }));
  setText("approvals-count", `(${waiting.length} for you, ${mine.length} of yours)`);
}

function waitingRow(approval) {
  const row = document.createElement("tr");
  row.dataset.approvalId = approval.id;
  const reason = document.createElement("input");
  reason.placeholder = t("reason (needed to reject)");
  const approve = document.createElement("button");
  approve.textContent = t("Approve");
  approve.className = "approve";
  approve.addEventListener("click", () => decide(approval, "approve", reason.value));
  const reject = document.createElement("button");
  reject.textContent = t("Reject");
  reject.className = "reject";
  reject.addEventListener("click", () => decide(approval, "reject", reason.value));
  const reasonCell = document.createElement("td");
  reasonCell.append(reason);
  const actions = document.createElement("td");
  actions.append(approve, reject);
  row.append(cell(approval.context), cell(approval.summary), cell(approval.amount ?? ""),
    cell(approval.requested_by), cell(malaysiaTime(approval.requested_at)), reasonCell, actions);
  return row;
}

async function decide(approval, verb, reason) {
  const body = reason ? { reason } : {};
  const response = await fetch(`${PREFIXES[approval.context]}/approvals/${approval.id}/${verb}`, {
    method: "POST",
    headers: { "Accept-Language": language(), Authorization: "Bearer " + token, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const detail = (problem.errors || []).map((e) => `${e.field}: ${e.message}`).join("; ") || problem.detail || response.statusText;
    showApprovalError(`${verb} failed: ${detail}`);
    return;
  }
  $("approvals-error").hidden = true;
  await refreshApprovals();
}

// A report as a download: fetched with the bearer token (a plain link cannot send it), saved
// from a blob under the name the service gives.
async function downloadReport(name) {
  let path = "/v1/contributions/reports/" + name + "?format=csv";
  if (name === "collections") {
    const [first, last] = thisMonth();
    path += "&from=" + first + "&to=" + last;
  }
  const response = await fetch(path, { headers: { "Accept-Language": language(), Authorization: "Bearer " + token } });
  if (!response.ok) {
    $("reports-error").textContent = name + ": " + response.status + " " + response.statusText;
    $("reports-error").hidden = false;
    return;
  }
  $("reports-error").hidden = true;
  const disposition = response.headers.get("content-disposition") || "";
  const match = disposition.match(/filename="([^"]+)"/);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = match ? match[1] : name + ".csv";
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(link.href);
}

function showApprovalError(message) {
  $("approvals-error").textContent = message;
  $("approvals-error").hidden = false;
}

function todayStart() { return malaysiaToday() + "T00:00:00+08:00"; }

function addToFeed(event) {
  if (feed.add(event)) { scheduleRefresh(); }
}

async function follow() {
  for (;;) {
    try {
      const headers = { Authorization: "Bearer " + token, Accept: "text/event-stream" };
      if (lastEventId) { headers["Last-Event-ID"] = lastEventId; }
      const url = lastEventId ? "/v1/events/stream" : "/v1/events/stream?since=" + encodeURIComponent(todayStart());
      const response = await fetch(url, { headers });
      if (!response.ok) { throw new Error("stream " + response.status); }
      $("connection").textContent = t("live"); $("connection").className = "status online";
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields = {};
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) { continue; }
            const at = line.indexOf(": ");
            if (at > 0) { fields[line.slice(0, at)] = line.slice(at + 2); }
          }
          if (fields.id && fields.data) {
            lastEventId = fields.id;
            try { addToFeed(JSON.parse(fields.data)); } catch (error) { console.warn("event not shown", fields.id, error); }
          }
        }
      }
    } catch (error) {
      console.warn(error);
    }
    $("connection").textContent = t("reconnecting"); $("connection").className = "status offline";
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}

// A module runs after the document is parsed: no need to wait for DOMContentLoaded.
function start() {
  feed = new Feed($("feed"), $("feed-count"), $("feed-shown"));
  for (const button of document.querySelectorAll("button.report")) {
    button.addEventListener("click", () => downloadReport(button.dataset.report));
  }
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      token = await signIn($("client-id").value, $("client-secret").value);
      me = claimsOf(token);
      $("login").hidden = true;
      $("board").hidden = false;
      $("approvals").hidden = me.role !== "officer";
      follow();  // the feed starts at once; the figures and charts fill in beside it
      await Promise.all([refreshFigures(), refreshApprovals()]);
    } catch (error) {
      $("login-error").textContent = error.message;
      $("login-error").hidden = false;
    }
  });
}

start();
