// The dashboard's labels in English (the page as written) or Bahasa Melayu, chosen with the
// switch in the header and remembered in this browser; the API's problems follow the same choice
// through Accept-Language. A label added to the page needs its line in MALAY (a test checks).
"use strict";

const MALAY = /* labels */ {
  "PERKESO operations": "Operasi PERKESO",
  "The figures as a table": "Angka dalam bentuk jadual",
  "Arrears ageing: contributions owed past their due date": "Penuaan tunggakan: caruman yang terhutang selepas tarikh akhir",
  "since midnight": "sejak tengah malam",
  "; times in Malaysia (UTC+08:00)": "; waktu Malaysia (UTC+08:00)",
  "signed out": "belum log masuk",
  "live": "langsung",
  "reconnecting": "menyambung semula",
  "Sign in with a dashboard or officer client": "Log masuk dengan pelanggan papan pemuka atau pegawai",
  "Client id": "Id pelanggan",
  "Client secret": "Rahsia pelanggan",
  "Sign in": "Log masuk",
  "Sign-in failed: wrong client id or secret": "Log masuk gagal: id pelanggan atau rahsia salah",
  "Payments received today": "Bayaran diterima hari ini",
  "payments": "bayaran",
  "Contributions overdue": "Caruman tertunggak",
  "submissions": "penyerahan",
  "interest accruing": "faedah lewat bayar terakru",
  "outstanding": "tertunggak",
  "Loans suspended (CGPA < 2.00)": "Pinjaman digantung (PNGK < 2.00)",
  "Dialysis claims waiting": "Tuntutan dialisis menunggu",
  "panel bills": "bil panel",
  "Approvals": "Kelulusan",
  "Waiting for you: another officer asked": "Menunggu anda: pegawai lain memohon",
  "service": "perkhidmatan",
  "summary": "ringkasan",
  "amount": "amaun",
  "asked by": "dipohon oleh",
  "asked at": "dipohon pada",
  "reason": "sebab",
  "Your requests, waiting for someone else": "Permohonan anda, menunggu orang lain",
  "Reports (CSV)": "Laporan (CSV)",
  "Collections this month, by day and bank": "Kutipan bulan ini, mengikut hari dan bank",
  "Arrears ageing by employer": "Penuaan tunggakan mengikut majikan",
  "Unmatched money by age": "Wang tidak dipadankan mengikut umur",
  "Appeals by board and status": "Rayuan mengikut lembaga dan status",
  "Live events": "Peristiwa langsung",
  "Approve": "Luluskan",
  "Reject": "Tolak",
  "reason (needed to reject)": "sebab (diperlukan untuk menolak)",
  "Deadline missed: ": "Tarikh akhir terlepas: "
} /* end labels */;

function language() { return localStorage.getItem("language") === "ms" ? "ms" : "en"; }

function t(english) { return language() === "ms" ? (MALAY[english] || english) : english; }

// Each text of the page as written is its English; it is said again on every switch.
const originals = new Map();

function sayPage() {
  document.documentElement.lang = language();
  if (originals.size === 0) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (MALAY[node.nodeValue.trim()]) { originals.set(node, node.nodeValue); }
    }
  }
  for (const [node, english] of originals) {
    node.nodeValue = english.replace(english.trim(), t(english.trim()));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const choice = document.getElementById("language");
  choice.value = language();
  choice.addEventListener("change", () => { localStorage.setItem("language", choice.value); sayPage(); });
  sayPage();
});
