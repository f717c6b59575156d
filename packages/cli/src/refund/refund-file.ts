import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { parseCsv } from "./csv.js";

export interface RefundRow {
  /** Line of the file the row came from. */
  line: number;
  payment_id: string;
  /** Minor units; undefined = refund all that remains. */
  amount: number | undefined;
  reason: string | undefined;
}

export interface InvalidRow {
  line: number;
  problems: string[];
}

export interface ParsedRefundFile {
  format: "csv" | "jsonl";
  rows: RefundRow[];
  invalid: InvalidRow[];
}

/** Large enough for a million rows, small enough that a wrong path (a disk image) is refused. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
const PAYMENT_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** Spreadsheet formula triggers: such a cell is refused so it never travels on to a sheet. */
const FORMULA_START = /^[=@\t\r]|^[+-](?!\d+(\.\d+)?$)/;

/**
 * Reads and validates a refund file (CSV with header payment_id,amount,reason, or JSON lines)
 * in full before anything is sent: every bad row is reported with its line number.
 */
export function readRefundFile(path: string): ParsedRefundFile {
  const text = readRegularFile(path);
  const format = /^\.(jsonl|ndjson)$/i.test(extname(path)) || /^\s*\{/.test(text) ? "jsonl" : "csv";
  const raw = format === "jsonl" ? jsonlRecords(text) : csvRecords(text);
  const rows: RefundRow[] = [];
  const invalid: InvalidRow[] = [];
  const seen = new Map<string, number>();
  for (const r of raw) {
    if ("problem" in r) {
      invalid.push({ line: r.line, problems: [r.problem] });
      continue;
    }
    const problems = validate(r.values);
    const dupKey = `${r.values.payment_id}\u0000${r.values.amount ?? ""}`;
    const firstLine = seen.get(dupKey);
    if (problems.length === 0 && firstLine !== undefined) problems.push(`duplicates line ${firstLine} (same payment_id and amount: one refund, not two)`);
    if (problems.length > 0) {
      invalid.push({ line: r.line, problems });
      continue;
    }
    seen.set(dupKey, r.line);
    const amount = r.values.amount === undefined || r.values.amount === "" ? undefined : Number(r.values.amount);
    const reason = r.values.reason === undefined || r.values.reason === "" ? undefined : String(r.values.reason);
    rows.push({ line: r.line, payment_id: String(r.values.payment_id), amount, reason });
  }
  return { format, rows, invalid };
}

function readRegularFile(path: string): string {
  // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever; it then
  // fails the regular-file check below. Regular files ignore the flag.
  const fd = openSync(resolve(path), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    if (st.size > MAX_FILE_BYTES) throw new Error(`${path} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    const text = readFileSync(fd, "utf8");
    if (text.includes("\u0000")) throw new Error(`${path} is not a text file`);
    return text;
  } finally {
    closeSync(fd);
  }
}

type RawRecord = { line: number; values: Record<string, unknown> } | { line: number; problem: string };

function csvRecords(text: string): RawRecord[] {
  const records = parseCsv(text);
  const header = records.shift();
  const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  if (names[0] !== "payment_id" || !names.includes("amount")) {
    throw new Error(`CSV header must be payment_id,amount,reason (found: ${names.join(",") || "nothing"})`);
  }
  return records.map((r) => {
    if (r.fields.length !== names.length) return { line: r.line, problem: `has ${r.fields.length} fields, the header has ${names.length}` };
    // Only spaces are trimmed: a cell starting with a tab or CR is a formula trigger and must reach validation as written.
    return { line: r.line, values: Object.fromEntries(names.map((n, i) => [n, r.fields[i]?.replace(/^ +| +$/g, "")])) };
  });
}

function jsonlRecords(text: string): RawRecord[] {
  const out: RawRecord[] = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    if (lineText.trim() === "") return;
    try {
      const v = JSON.parse(lineText) as unknown;
      if (typeof v !== "object" || v === null || Array.isArray(v)) out.push({ line: i + 1, problem: "is not a JSON object" });
      else out.push({ line: i + 1, values: v as Record<string, unknown> });
    } catch {
      out.push({ line: i + 1, problem: "is not valid JSON" });
    }
  });
  return out;
}

function validate(v: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const unknown = Object.keys(v).filter((k) => !["payment_id", "amount", "reason"].includes(k));
  if (unknown.length) problems.push(`unknown fields: ${unknown.join(", ")}`);
  if (typeof v.payment_id !== "string" || !PAYMENT_ID.test(v.payment_id)) problems.push("payment_id must be 1-128 letters, digits, '_' or '-'");
  const amount = v.amount;
  if (amount !== undefined && amount !== "") {
    const text = String(amount);
    if (!/^\d+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text))) {
      problems.push(`amount must be a positive whole number of minor units (centavos), got "${text.slice(0, 40)}"`);
    }
  }
  if (v.reason !== undefined && typeof v.reason !== "string") problems.push("reason must be text");
  if (typeof v.reason === "string") {
    if (v.reason.length > 500) problems.push("reason is longer than 500 characters");
    if (FORMULA_START.test(v.reason)) problems.push("reason starts like a spreadsheet formula (=, +, -, @, tab or carriage return); refused to keep it out of exported sheets");
  }
  return problems;
}
