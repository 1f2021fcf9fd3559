// The operations dashboard: signs in with a dashboard client, reads the figures from the services through
// the gateway, and follows the live event stream (fetch with the bearer header: EventSource cannot send one).
"use strict";

const STATUSES = ["filed", "hearing_scheduled", "adjourned", "decided", "withdrawn"];
const BOARDS = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09", "B10", "B11"];
let token = null;
let lastEventId = null;
const seen = new Set();
let refreshTimer = null;
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
  if (payments) { setText("payments-count", payments.count); setText("payments-total", payments.total); }
  if (overdue) {
    // Both of every submission in arrears (the list itself is paged: `overdue.items`).
    setText("overdue-count", overdue.count);
    setText("overdue-outstanding", overdue.outstanding);
  }
  if (suspended) { setText("loans-suspended", suspended.length); }
  if (claims) { setText("claims-waiting", claims.length); }
  if (bills) { setText("bills-waiting", bills.filter((b) => b.status !== "paid").length); }
  if (appeals) { drawAppeals(appeals); }
}

function scheduleRefresh() {
  if (refreshTimer) { return; }
  refreshTimer = setTimeout(() => { refreshTimer = null; refreshFigures(); refreshApprovals(); }, 400);
}

function claimsOf(jwt) {
  const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
}

function malaysiaTime(instant) {
  return new Date(instant).toLocaleString("en-MY", { timeZone: "Asia/Kuala_Lumpur", hour12: false });
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
    const today = todayStart().slice(0, 10);
    path += "&from=" + today.slice(0, 8) + "01&to=" + today;
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

function svg(tag, attributes, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) { node.setAttribute(name, value); }
  if (text !== undefined) { node.textContent = text; }
  return node;
}

function drawAppeals(appeals) {
  const chart = $("appeals-chart");
  chart.replaceChildren();
  const counts = Object.fromEntries(BOARDS.map((b) => [b, Object.fromEntries(STATUSES.map((s) => [s, 0]))]));
  for (const appeal of appeals) {
    if (counts[appeal.board_code] && appeal.status in counts[appeal.board_code]) { counts[appeal.board_code][appeal.status] += 1; }
  }
  const most = Math.max(1, ...BOARDS.map((b) => STATUSES.reduce((sum, s) => sum + counts[b][s], 0)));
  const width = 52, gap = 16, height = 170;
  BOARDS.forEach((board, index) => {
    let y = height;
    const x = 30 + index * (width + gap);
    for (const status of STATUSES) {
      const value = counts[board][status];
      if (!value) { continue; }
      const h = (value / most) * (height - 20);
      y -= h;
      chart.appendChild(svg("rect", { x, y, width, height: h, class: "swatch-" + status }, undefined));
    }
    const total = STATUSES.reduce((sum, s) => sum + counts[board][s], 0);
    chart.appendChild(svg("text", { x: x + 14, y: height + 16 }, board));
    chart.appendChild(svg("text", { x: x + 20, y: y - 4 }, String(total)));
  });
  const legend = $("appeals-legend");
  legend.replaceChildren(...STATUSES.map((s) => { const span = document.createElement("span"); span.className = s; span.textContent = "■ " + s.replace("_", " "); return span; }));
}

// The services' deadline checks (one event per breach): a labelled line each in the feed.
const BREACHES = {
  "dialysis.treatment.decision_overdue": (d) => `treatment request undecided after ${d.decision_days} days (requested ${d.requested_on})`,
  "appeals.appeal.hearing_overdue": (d) => `appeal ${d.case_number} not heard by ${d.hear_by}`,
  "loan.instalment.overdue": (d) => `loan instalment ${d.instalment} ${d.days_overdue} days unpaid (RM ${d.unpaid}, due ${d.due_on})`,
  "loan.guarantors.notified": (d) => `guarantors notified: instalment ${d.instalment} ${d.days_overdue} days unpaid (${(d.guarantors || []).length} guarantors)`,
  "contribution.submission.overdue": (d) => `contributions ${d.reference} of ${d.employer_code} unpaid after ${d.due_date} (RM ${d.outstanding})`,
};

function addToFeed(event) {
  if (seen.has(event.id)) { return; }
  seen.add(event.id);
  const item = document.createElement("li");
  const type = document.createElement("span");
  type.className = "type";
  type.textContent = event.type;
  const breach = BREACHES[event.type];
  if (breach) {
    item.className = "breach";
    const label = document.createElement("span");
    label.className = "breach-label";
    label.textContent = t("Deadline missed: ") + breach(event.data || {});
    item.append(new Date(event.occurred_at).toLocaleTimeString() + " ", label, " ", type);
  } else {
    item.append(new Date(event.occurred_at).toLocaleTimeString() + " ", type, " " + describe(event));
  }
  item.dataset.eventId = event.id;
  $("feed").prepend(item);
  while ($("feed").children.length > 200) { $("feed").lastChild.remove(); }
  setText("feed-count", "(" + seen.size + " since midnight)");
  scheduleRefresh();
}

function describe(event) {
  const d = event.data || {};
  if (event.type === "contribution.payment.received") { return `RM ${d.amount} ${d.status} ${d.reference}`; }
  if (d.amount) { return `RM ${d.amount}`; }
  return event.subject;
}

function todayStart() {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  return now.toISOString().slice(0, 10) + "T00:00:00+08:00";
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
          if (fields.id && fields.data) { lastEventId = fields.id; addToFeed(JSON.parse(fields.data)); }
        }
      }
    } catch (error) {
      console.warn(error);
    }
    $("connection").textContent = t("reconnecting"); $("connection").className = "status offline";
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}

window.addEventListener("DOMContentLoaded", () => {
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
      await Promise.all([refreshFigures(), refreshApprovals()]);
      follow();
    } catch (error) {
      $("login-error").textContent = error.message;
      $("login-error").hidden = false;
    }
  });
});
