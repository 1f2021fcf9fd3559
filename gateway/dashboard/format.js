// How the dashboard writes times, counts and money: one form everywhere, whatever the browser's
// own zone and locale. Every time is Malaysia time (the services' "day"), with its date.

const MALAYSIA = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Kuala_Lumpur",
  year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
});

// null for what is not a time (an event without occurred_at): shown as unknown, never thrown.
function partsOf(instant) {
  const date = new Date(instant ?? NaN);
  if (Number.isNaN(date.getTime())) { return null; }
  const parts = {};
  for (const { type, value } of MALAYSIA.formatToParts(date)) { parts[type] = value; }
  return parts;
}

/** "2025-08-31 10:00:05": an instant (RFC 3339 text or epoch ms) as a Malaysian wall-clock time. */
export function malaysiaTime(instant) {
  const p = partsOf(instant);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}` : "time unknown";
}

/** "2025-08-31T10:00:05+08:00": the same instant for a <time datetime> (Malaysia has one offset). */
export function malaysiaIso(instant) {
  const p = partsOf(instant);
  return p ? `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}+08:00` : "";
}

/** Today's Malaysian date, "2025-08-31", by this browser's clock. */
export function malaysiaToday() { return malaysiaTime(Date.now()).slice(0, 10); }

/**
 * An RFC 3339 instant as an exact sortable number: microseconds since the epoch. Date.parse keeps
 * milliseconds only, and two events of one millisecond must still sort by their time first.
 */
export function instantKey(text) {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(String(text));
  const key = match
    ? Date.parse(match[1] + match[3]) * 1000 + Number(((match[2] || "") + "000000").slice(0, 6))
    : Date.parse(text) * 1000;
  return Number.isNaN(key) ? 0 : key;  // no time: the oldest, at the bottom
}

function grouped(digits) { return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

/** 12345 -> "12,345". */
export function count(n) { return grouped(String(Math.trunc(Number(n) || 0))); }

/** A money string of the API ("1234.5", "-3.00") as whole sen, exactly (no float arithmetic). */
export function sen(text) {
  const [whole, fraction = ""] = String(text).replace("-", "").split(".");
  const value = Number(whole || "0") * 100 + Number((fraction + "00").slice(0, 2));
  return String(text).startsWith("-") ? -value : value;
}

/** 123456789 sen -> "1,234,567.89". */
export function ringgit(senValue) {
  const negative = senValue < 0;
  const digits = String(Math.abs(Math.round(senValue))).padStart(3, "0");
  const text = grouped(digits.slice(0, -2)) + "." + digits.slice(-2);
  return negative ? "-" + text : text;
}
