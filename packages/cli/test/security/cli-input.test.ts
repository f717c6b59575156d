import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startDevEnvironment, type DevEnvironment } from "@codespar/cli";
import { countParser } from "../../src/commands/options.js";
import { checkDeadLetterTarget } from "../../src/refund/dead-letter-target.js";
import { readRefundFile } from "../../src/refund/refund-file.js";

const PROVIDERS = ["stripe", "asaas", "mercadopago"] as const;
const dir = mkdtempSync(join(tmpdir(), "codespar-cli-hostile-"));
let env: DevEnvironment;
let cliEnv: NodeJS.ProcessEnv;
let good: string;

/** Refunds the emulators have seen: every refusal below must leave this at zero. */
const ledger = () => PROVIDERS.reduce((n, p) => n + env.sandbox[p].refunds().length, 0);
const refund = (args: string[]) => runCli(["refund", ...args], { env: cliEnv, timeoutMs: 20_000 });
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  env = await startDevEnvironment({ seed: 3, webhooks: false, server: { logLevel: "silent" } });
  cliEnv = { CODESPAR_BASE_URL: env.baseUrl, CODESPAR_API_KEY: env.apiKey };
  good = path("good.csv");
  writeFileSync(good, `payment_id,amount,reason\n${env.payments[0]!.payment_id},100,goodwill\n`);
});
afterAll(async () => {
  await env?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("CSV injection in the refund file", () => {
  it("refuses every formula-like reason with its line number and sends nothing", async () => {
    const p = env.payments.map((x) => x.payment_id);
    const rows = [
      `${p[0]},100,goodwill`,
      `${p[1]},101,"=HYPERLINK(""http://evil.example"",""click"")"`,
      `${p[1]},102,+cmd|' /C calc'!A0`,
      `${p[1]},103,-2+3+cmd|' /C calc'!A0`,
      `${p[1]},104,@SUM(1+1)*cmd|' /C calc'!A0`,
      `${p[1]},105,\t=1+1`,
      `${p[1]},106,\tlooks harmless`,
      `${p[1]},107,"\r=1+1"`,
      `${p[1]},108,   =1+1`,
      `${p[1]},109,-cmd`,
      `=1+1,110,formula as payment id`,
    ];
    writeFileSync(path("inject.csv"), ["payment_id,amount,reason", ...rows].join("\n"));
    const res = await refund(["--file", path("inject.csv")]);
    expect(res.code).toBe(2);
    for (let line = 3; line <= 11; line++) expect(res.stderr).toMatch(new RegExp(`line ${line}: reason starts like a spreadsheet formula`));
    expect(res.stderr).toMatch(/line 12: payment_id must be/);
    expect(res.stderr).not.toMatch(/line 2:/);
    expect(res.stderr).toMatch(/Nothing was sent/);
    expect(ledger()).toBe(0);
  });

  it("refuses the same cells in JSON lines, where nothing trims them", () => {
    const id = env.payments[1]!.payment_id;
    const lines = ["=cmd", "+cmd", "@cmd", "\tcmd", "\rcmd", "-cmd"].map((reason, i) => JSON.stringify({ payment_id: id, amount: 200 + i, reason }));
    writeFileSync(path("inject.jsonl"), lines.join("\n"));
    const parsed = readRefundFile(path("inject.jsonl"));
    expect(parsed.rows).toEqual([]);
    expect(parsed.invalid.map((r) => [r.line, r.problems.join("; ")])).toEqual([1, 2, 3, 4, 5, 6].map((line) => [line, expect.stringMatching(/spreadsheet formula/)]));
  });
});

/**
 * Each `codespar` start costs over a second of CPU, so the binary runs for the tricks that once
 * misbehaved or that only the command can show (exit 2, the message, nothing sent); every trick
 * is also checked against readRefundFile, the function the command refuses files with.
 */
const PATH_TRICKS: [string, () => string, RegExp][] = [
  ["a directory", () => (mkdirSync(path("adir"), { recursive: true }), path("adir")), /is not a regular file/],
  ["a symlink to a directory", () => (symlinkSync("/tmp", path("link-to-dir")), path("link-to-dir")), /is not a regular file/],
  ["/dev/zero", () => "/dev/zero", /is not a regular file/],
  ["a symlink to /dev/zero", () => (symlinkSync("/dev/zero", path("zero.csv")), path("zero.csv")), /is not a regular file/],
  ["a FIFO nobody writes to (once hung forever)", () => (execFileSync("mkfifo", [path("fifo.csv")]), path("fifo.csv")), /is not a regular file/],
  ["a missing file reached through ../", () => join(dir, "nope", "..", "..", "missing-dir", "refunds.csv"), /no such file or directory/],
  ["a sparse file over the 256 MiB limit", () => (writeFileSync(path("huge.csv"), ""), truncateSync(path("huge.csv"), 300 * 1024 * 1024), path("huge.csv")), /larger than 256 MiB/],
  ["an empty file", () => (writeFileSync(path("empty.csv"), ""), path("empty.csv")), /CSV header must be payment_id,amount,reason/],
  ["a binary file", () => (writeFileSync(path("bin.csv"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])), path("bin.csv")), /is not a text file/],
];
const made = new Map<string, string>();
const trick = (name: string) => made.get(name) ?? made.set(name, PATH_TRICKS.find(([n]) => n === name)![1]()).get(name)!;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe.skipIf(process.platform === "win32")("path tricks in --file", () => {
  it.each(PATH_TRICKS)("%s is refused by the file reader", (name, _make, message) => {
    expect(() => readRefundFile(trick(name))).toThrow(message);
  });

  describe.concurrent("through the binary: exit 2, a clear message, nothing sent", () => {
    it.each(["a FIFO nobody writes to (once hung forever)", "a symlink to a directory", "a sparse file over the 256 MiB limit"])("%s", async (name) => {
      const file = trick(name);
      const started = Date.now();
      const res = await refund(["--file", file]);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(new RegExp(`^Cannot use ${escape(file)}: .*${PATH_TRICKS.find(([n]) => n === name)![2].source}`));
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(ledger()).toBe(0);
    });
  });
});

const DEAD_LETTER_TARGETS: [string, () => string, RegExp][] = [
  ["in a directory that does not exist", () => path("no-such-dir/dead.jsonl"), /directory .*no-such-dir does not exist/],
  ["at a directory", () => (mkdirSync(path("dead-dir"), { recursive: true }), path("dead-dir")), /dead-dir is a directory/],
  ["under a regular file", () => `${good}/dead.jsonl`, /good\.csv is not a directory/],
  ["at a device (the atomic rename would replace it)", () => "/dev/null", /\/dev\/null exists and is not a regular file/],
];

describe("--dead-letter that cannot be written: refused before anything is sent", () => {
  it.each(DEAD_LETTER_TARGETS)("%s is refused by the target check", (_name, make, message) => {
    expect(() => checkDeadLetterTarget(make())).toThrow(message);
  });

  it("accepts a new file in a writable directory and an existing regular file", () => {
    expect(() => checkDeadLetterTarget(path("dead.jsonl"))).not.toThrow();
    expect(() => checkDeadLetterTarget(good)).not.toThrow();
  });

  describe.concurrent("through the binary (once: refunds sent, then a crash and a stray .tmp file)", () => {
    it.each(DEAD_LETTER_TARGETS.slice(0, 2))("%s", async (_name, make, message) => {
      const res = await refund(["--file", good, "--dead-letter", make()]);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(/^Cannot write dead letters to /);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).toMatch(/Nothing was sent/);
      expect(ledger()).toBe(0);
      expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    });
  });
});

describe("bad --concurrency values: refused by the option parser, nothing sent", () => {
  const parse = countParser(256, 1);
  it.each(["0", "257", "1.5", "abc", "1e2", "", " 8", "-1", "0x10", "Infinity"])("--concurrency %j is refused", (value) => {
    expect(() => parse(value)).toThrow(/must be a whole number from 1 to 256/);
  });

  it("through the binary: a non-zero exit naming the option", async () => {
    const res = await refund(["--file", good, "--concurrency=1.5"]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/option '--concurrency <n>' argument '1\.5' is invalid\. must be a whole number from 1 to 256/);
    expect(ledger()).toBe(0);
  });
});

describe("after all that", () => {
  it("--skip-invalid sends only the clean rows: no injected cell ever reaches a provider", async () => {
    const res = await refund(["--file", path("inject.csv"), "--skip-invalid", "--json"]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ rows: 1, invalid: 10, succeeded: 1 });
    expect(env.sandbox[env.payments[0]!.server].refunds().map((r) => r.payment_id)).toEqual([env.payments[0]!.payment_id]);
    expect(ledger()).toBe(1);
  });
});
