// The dashboard's charts as inline SVG drawn here (no library, nothing fetched from elsewhere).
// Each chart has a legend in the page and a table of the same figures for readers who cannot
// see it; colours are SVG presentation attributes, which the page's style policy allows.
import { count, ringgit, sen } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
// Colour-blind-safe (Okabe-Ito), in the order banks are first seen (sorted by code).
const BANK_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"];
// `band` is the totals report's own name of each band; `key` the per-employer report's column.
export const AGE_BANDS = [
  { band: "0-30", key: "days_0_30", label: "0-30 days", colour: "#f0c05a" },
  { band: "31-60", key: "days_31_60", label: "31-60 days", colour: "#e69f00" },
  { band: "61-90", key: "days_61_90", label: "61-90 days", colour: "#d55e00" },
  { band: "over 90", key: "over_90", label: "over 90 days", colour: "#8c2d04" },
];
const APPEAL_STATUSES = ["filed", "hearing_scheduled", "adjourned", "decided", "withdrawn"];
const APPEAL_COLOURS = ["#2e86c1", "#f39c12", "#af7ac5", "#27ae60", "#95a5a6"];
const BOARDS = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09", "B10", "B11"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) { node.setAttribute(name, String(value)); }
  if (text !== undefined) { node.textContent = text; }
  return node;
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) { node.textContent = text; }
  if (className) { node.className = className; }
  return node;
}

function swatch(colour) {
  const box = svg("svg", { width: 12, height: 12, viewBox: "0 0 12 12", "aria-hidden": "true" });
  box.append(svg("rect", { width: 12, height: 12, rx: 2, fill: colour }));
  return box;
}

function legend(list, entries) {
  list.replaceChildren(...entries.map(([label, colour]) => {
    const item = element("li");
    item.append(swatch(colour), " " + label);
    return item;
  }));
}

function table(node, head, rows, foot) {
  const thead = element("thead");
  const tr = element("tr");
  tr.append(...head.map((text) => element("th", text)));
  thead.append(tr);
  const tbody = element("tbody");
  for (const row of rows) {
    const line = element("tr");
    line.append(...row.map((text, i) => element(i === 0 ? "th" : "td", text)));
    tbody.append(line);
  }
  const parts = [thead, tbody];
  if (foot) {
    const tfoot = element("tfoot");
    const line = element("tr");
    line.append(...foot.map((text, i) => element(i === 0 ? "th" : "td", text)));
    tfoot.append(line);
    parts.push(tfoot);
  }
  node.replaceChildren(...parts);
}

// A round top for the y axis: 1, 2 or 5 times a power of ten, at or above the largest value.
function axisTop(most) {
  if (most <= 0) { return 100; }
  const power = 10 ** Math.floor(Math.log10(most));
  for (const step of [1, 2, 5, 10]) { if (step * power >= most) { return step * power; } }
  return 10 * power;
}

// Gridlines and RM labels at 0, a half and the top: the reader's scale.
function yAxis(chart, top, { left, right, base, height }) {
  for (const fraction of [0, 0.5, 1]) {
    const y = base - fraction * height;
    chart.append(svg("line", { x1: left, x2: right, y1: y, y2: y, class: "grid" }));
    chart.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "axis" }, "RM " + ringgit(top * fraction).replace(/\.00$/, "")));
  }
}

function daysOf(first, last) {
  const days = [];
  for (let at = Date.parse(first + "T00:00:00Z"); at <= Date.parse(last + "T00:00:00Z"); at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

// Drawn at the size it is shown, so its text stays the page's size on any screen.
function widthOf(chart) {
  const shown = chart.getBoundingClientRect().width;
  return shown > 0 ? Math.max(360, Math.round(shown)) : 760;
}

function plural(n, one, many) { return `${count(n)} ${n === 1 ? one : many}`; }

function dayLabel(day) { return `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`; }

/**
 * Money received per day and bank, `first` to `last` (Malaysian days): one stacked bar a day, one
 * segment a bank. `rows` is the collections report: [{day, bank_code, payments, amount}].
 */
export function drawCollections({ chart, legendList, figures, summary }, rows, first, last) {
  const days = daysOf(first, last);
  const banks = [...new Set(rows.map((r) => r.bank_code))].sort();
  const colour = Object.fromEntries(banks.map((b, i) => [b, BANK_COLOURS[i % BANK_COLOURS.length]]));
  const cells = {};  // day -> bank -> {sen, payments}
  for (const row of rows) {
    cells[row.day] ??= {};
    cells[row.day][row.bank_code] = { sen: sen(row.amount), payments: row.payments };
  }
  const dayTotal = (day) => Object.values(cells[day] || {}).reduce((sum, c) => sum + Math.max(0, c.sen), 0);
  const top = axisTop(Math.max(0, ...days.map(dayTotal)));
  const width = widthOf(chart), height = 240;
  const frame = { left: 76, right: width - 8, base: height - 28, height: height - 48 };
  const slot = (frame.right - frame.left) / Math.max(1, days.length);
  const barWidth = Math.max(4, Math.min(40, slot * 0.7));
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  chart.replaceChildren();
  yAxis(chart, top, frame);
  // Every day where there is room, else the 1st and every fifth: the days a reader looks for.
  const labelled = (n) => slot >= 20 || n === 1 || n % 5 === 0;
  days.forEach((day, index) => {
    const x = frame.left + index * slot + (slot - barWidth) / 2;
    if (labelled(Number(day.slice(8)))) {
      chart.append(svg("text", { x: x + barWidth / 2, y: frame.base + 16, "text-anchor": "middle", class: "axis" }, String(Number(day.slice(8)))));
    }
    const banksOfDay = banks.filter((b) => cells[day]?.[b] && cells[day][b].sen > 0);
    if (!banksOfDay.length) { return; }
    const bar = svg("g", { class: "bar", "data-day": day });
    let y = frame.base;
    for (const bank of banksOfDay) {
      const cell = cells[day][bank];
      const h = (cell.sen / top) * frame.height;
      y -= h;
      const segment = svg("rect", { x, y, width: barWidth, height: Math.max(h, 0.5), fill: colour[bank], class: "segment", "data-bank": bank });
      segment.append(svg("title", {}, `${dayLabel(day)}, ${bank}: RM ${ringgit(cell.sen)} (${plural(cell.payments, "payment", "payments")})`));
      bar.append(segment);
    }
    chart.append(bar);
  });
  legend(legendList, banks.map((b) => [b, colour[b]]));
  const bankTotals = banks.map((b) => days.reduce((sum, d) => sum + (cells[d]?.[b]?.sen || 0), 0));
  const total = bankTotals.reduce((a, b) => a + b, 0);
  const payments = rows.reduce((sum, r) => sum + Number(r.payments), 0);
  const withMoney = days.filter((d) => cells[d]);
  table(
    figures,
    ["Day", ...banks, "All banks"],
    withMoney.map((d) => [dayLabel(d), ...banks.map((b) => (cells[d][b] ? "RM " + ringgit(cells[d][b].sen) : "")), "RM " + ringgit(dayTotal(d))]),
    banks.length ? ["Total", ...bankTotals.map((s) => "RM " + ringgit(s)), "RM " + ringgit(total)] : null,
  );
  const text = banks.length
    ? `Collections ${dayLabel(first)} to ${dayLabel(last)}: RM ${ringgit(total)} from ${plural(payments, "payment", "payments")} on ${plural(withMoney.length, "day", "days")}, through ${banks.join(", ")}`
    : `No collections ${dayLabel(first)} to ${dayLabel(last)}`;
  chart.setAttribute("aria-label", text);
  summary.textContent = text;
}

/** Contributions owed past their due date by age, summed over every employer (the arrears
 * totals report: one aggregate per band, however many employers owe). */
export function drawAgeing({ chart, legendList, figures, summary }, report) {
  const byBand = Object.fromEntries(report.bands.map((b) => [b.band, b]));
  const totals = AGE_BANDS.map((band) => sen((byBand[band.band] || {}).outstanding || "0"));
  const employers = AGE_BANDS.map((band) => (byBand[band.band] || {}).employers || 0);
  const top = axisTop(Math.max(0, ...totals));
  const width = widthOf(chart), height = 240;
  const frame = { left: 76, right: width - 8, base: height - 28, height: height - 60 };
  const slot = (frame.right - frame.left) / AGE_BANDS.length;
  const barWidth = Math.min(120, slot * 0.6);
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  chart.replaceChildren();
  yAxis(chart, top, frame);
  AGE_BANDS.forEach((band, index) => {
    const x = frame.left + index * slot + (slot - barWidth) / 2;
    const middle = x + barWidth / 2;
    chart.append(svg("text", { x: middle, y: frame.base + 16, "text-anchor": "middle", class: "axis" }, band.label));
    const h = (totals[index] / top) * frame.height;
    if (totals[index] > 0) {
      const bar = svg("rect", { x, y: frame.base - h, width: barWidth, height: Math.max(h, 0.5), fill: band.colour, class: "bar", "data-band": band.key });
      bar.append(svg("title", {}, `${band.label}: RM ${ringgit(totals[index])} (${plural(employers[index], "employer", "employers")})`));
      chart.append(bar);
    }
    chart.append(svg("text", { x: middle, y: frame.base - h - 6, "text-anchor": "middle", class: "value" }, "RM " + ringgit(totals[index])));
  });
  legend(legendList, AGE_BANDS.map((b) => [b.label + " past due", b.colour]));
  const all = totals.reduce((a, b) => a + b, 0);
  table(
    figures,
    ["Days past due", "Outstanding", "Employers"],
    AGE_BANDS.map((band, i) => [band.label, "RM " + ringgit(totals[i]), count(employers[i])]),
    ["All", "RM " + ringgit(all), count(report.employers)],
  );
  const text = `Arrears: RM ${ringgit(all)} owed past due by ${plural(report.employers, "employer", "employers")}; ` +
    AGE_BANDS.map((b, i) => `${b.label} RM ${ringgit(totals[i])}`).join(", ");
  chart.setAttribute("aria-label", text);
  summary.textContent = text;
}

/** Appeals per board, stacked by status. */
export function drawAppeals({ chart, legendList }, appeals) {
  chart.replaceChildren();
  const counts = Object.fromEntries(BOARDS.map((b) => [b, Object.fromEntries(APPEAL_STATUSES.map((s) => [s, 0]))]));
  for (const appeal of appeals) {
    if (counts[appeal.board_code] && appeal.status in counts[appeal.board_code]) { counts[appeal.board_code][appeal.status] += 1; }
  }
  const totalOf = (b) => APPEAL_STATUSES.reduce((sum, s) => sum + counts[b][s], 0);
  const most = Math.max(1, ...BOARDS.map(totalOf));
  const width = 52, gap = 16, height = 170;
  BOARDS.forEach((board, index) => {
    let y = height;
    const x = 30 + index * (width + gap);
    APPEAL_STATUSES.forEach((status, s) => {
      const value = counts[board][status];
      if (!value) { return; }
      const h = (value / most) * (height - 20);
      y -= h;
      chart.append(svg("rect", { x, y, width, height: h, fill: APPEAL_COLOURS[s] }));
    });
    chart.append(svg("text", { x: x + width / 2, y: height + 16, "text-anchor": "middle", class: "axis" }, board));
    chart.append(svg("text", { x: x + width / 2, y: y - 4, "text-anchor": "middle", class: "value" }, count(totalOf(board))));
  });
  chart.setAttribute("aria-label", "Appeals by board: " + BOARDS.map((b) => `${b} ${totalOf(b)}`).join(", "));
  legend(legendList, APPEAL_STATUSES.map((s, i) => [s.replace("_", " "), APPEAL_COLOURS[i]]));
}
