import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../src/refund/csv.js";
import { readRefundFile } from "../src/refund/refund-file.js";

const dir = mkdtempSync(join(tmpdir(), "codespar-file-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("CSV parsing", () => {
  it("handles quotes, escaped quotes, CRLF and newlines inside quotes, with start lines", () => {
    const rows = parseCsv('a,b\r\n"x, y","he said ""hi"""\n"multi\nline",z\n');
    expect(rows).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'he said "hi"'] },
      { line: 3, fields: ["multi\nline", "z"] },
    ]);
  });
  it("refuses an unterminated quote", () => expect(() => parseCsv('a\n"oops')).toThrow(/Unterminated/));
});

describe("refund files", () => {
  it("reads a valid CSV, empty amount meaning a full refund", () => {
    const f = readRefundFile(file("ok.csv", "payment_id,amount,reason\npi_1,500,chargeback\npay_2,,\n123456789,1999,\"dup, customer\"\n"));
    expect(f.invalid).toEqual([]);
    expect(f.rows).toEqual([
      { line: 2, payment_id: "pi_1", amount: 500, reason: "chargeback" },
      { line: 3, payment_id: "pay_2", amount: undefined, reason: undefined },
      { line: 4, payment_id: "123456789", amount: 1999, reason: "dup, customer" },
    ]);
  });

  it("lists every bad row with its line number", () => {
    const f = readRefundFile(
      file("bad.csv", "payment_id,amount,reason\npi_1,10.5,x\n../etc/passwd,100,x\npi_2,-3,x\npi_3,100,=HYPERLINK(\"http://evil\")\npi_4,100\npi_5,1e3,x\npi_6,100,@SUM(A1)\npi_7,100,fine\npi_7,100,again\n"),
    );
    expect(f.rows.map((r) => r.payment_id)).toEqual(["pi_7"]);
    expect(f.invalid.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 10]);
    expect(f.invalid.find((r) => r.line === 5)!.problems[0]).toMatch(/formula/);
    expect(f.invalid.find((r) => r.line === 10)!.problems[0]).toMatch(/duplicates line 9/);
  });

  it("reads JSON lines and reports bad lines", () => {
    const f = readRefundFile(file("jobs.jsonl", '{"payment_id":"pi_1","amount":100}\n\nnot json\n{"payment_id":"pi_2","amount":"100"}\n{"payment_id":"pi_3","amount":100,"extra":1}\n[1]\n'));
    expect(f.format).toBe("jsonl");
    expect(f.rows.map((r) => [r.line, r.payment_id, r.amount])).toEqual([[1, "pi_1", 100], [4, "pi_2", 100]]);
    expect(f.invalid.map((r) => r.line)).toEqual([3, 5, 6]);
  });

  it("refuses a wrong header, a directory, and binary files", () => {
    expect(() => readRefundFile(file("h.csv", "id,amount\npi_1,1\n"))).toThrow(/header/);
    mkdirSync(join(dir, "adir"));
    expect(() => readRefundFile(join(dir, "adir"))).toThrow(/not a regular file/);
    expect(() => readRefundFile(file("bin.csv", "payment_id,amount\u0000"))).toThrow(/not a text file/);
    expect(() => readRefundFile(join(dir, "missing.csv"))).toThrow(/ENOENT/);
  });
});
