// The live feed: newest first by the event's own time (occurred_at, then id), whatever order the
// stream delivers in. A replay after a reload comes one JetStream stream after another, so each
// event is placed where its time puts it, not where it arrived.
import { count, instantKey, malaysiaIso, malaysiaTime } from "./format.js";

export const SHOWN = 200;  // lines kept on the page; the counter counts every event

// The services' deadline checks (one event per breach): a labelled line each in the feed.
const BREACHES = {
  "dialysis.treatment.decision_overdue": (d) => `treatment request undecided after ${d.decision_days} days (requested ${d.requested_on})`,
  "appeals.appeal.hearing_overdue": (d) => `appeal ${d.case_number} not heard by ${d.hear_by}`,
  "loan.instalment.overdue": (d) => `loan instalment ${d.instalment} ${d.days_overdue} days unpaid (RM ${d.unpaid}, due ${d.due_on})`,
  "loan.guarantors.notified": (d) => `guarantors notified: instalment ${d.instalment} ${d.days_overdue} days unpaid (${(d.guarantors || []).length} guarantors)`,
  "contribution.submission.overdue": (d) => `contributions ${d.reference} of ${d.employer_code} unpaid after ${d.due_date} (RM ${d.outstanding})`,
};

function isBreach(type) { return type.endsWith("_overdue") || type.endsWith(".overdue") || type.endsWith("guarantors.notified"); }

function describe(event) {
  const d = event.data || {};
  if (event.type === "contribution.payment.received") { return `RM ${d.amount} ${d.status} ${d.reference}`; }
  if (d.amount) { return `RM ${d.amount}`; }
  return event.subject || "";
}

function span(className, text) {
  const node = document.createElement("span");
  node.className = className;
  node.textContent = text;
  return node;
}

function line(event, key) {
  const item = document.createElement("li");
  item.dataset.eventId = event.id;
  item.dataset.at = String(key);
  const when = document.createElement("time");
  when.dateTime = malaysiaIso(event.occurred_at);
  when.textContent = malaysiaTime(event.occurred_at);
  item.append(when);
  if (isBreach(event.type)) {
    item.className = "breach";
    const label = BREACHES[event.type];
    item.append(span("breach-label", t("Deadline missed: ") + (label ? label(event.data || {}) : event.subject || "")));
    item.append(span("type", event.type));
  } else {
    item.append(span("type", event.type), span("what", describe(event)));
  }
  return item;
}

// Does a line at `key` come before `item` in the feed (newer first)? At the same instant the
// later arrival goes first: ids are random, and a burst (or a test's frozen clock) gives many
// events one instant, where ordering by id would bury the newest below the lines shown.
function newer(key, item) {
  return key >= Number(item.dataset.at);
}

export class Feed {
  constructor(list, counter, shown) {
    this.list = list;
    this.counter = counter;
    this.shown = shown;
    this.seen = new Set();  // ids: a resume may send an event twice
  }

  /** Place one event; false when it was seen before. */
  add(event) {
    if (this.seen.has(event.id)) { return false; }
    this.seen.add(event.id);
    const key = instantKey(event.occurred_at);
    const items = this.list.children;
    let low = 0, high = items.length;  // the first line this event is newer than
    while (low < high) {
      const middle = (low + high) >> 1;
      if (newer(key, items[middle])) { high = middle; } else { low = middle + 1; }
    }
    if (low < SHOWN) {
      this.list.insertBefore(line(event, key), items[low] || null);
      while (items.length > SHOWN) { this.list.lastElementChild.remove(); }
    }
    this.counter.textContent = count(this.seen.size);
    this.shown.textContent = this.seen.size > SHOWN ? `, the newest ${count(SHOWN)} shown` : "";
    return true;
  }
}
