import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/**
 * The `codespar` binary as child processes: how tests and benchmarks run real servers,
 * sandboxes and workers that can be killed with SIGKILL and measured from the outside.
 */
export const CLI_BIN = fileURLToPath(new URL("../../bin/codespar.js", import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Runs a `codespar` command to completion. */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface CliProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts a long-running `codespar` command; the caller decides when it is ready. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function until(what: string, proc: CliProcess, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${what} exited early:\n${proc.output()}`);
    if (await check()) return;
    if (Date.now() > deadline) {
      proc.child.kill("SIGKILL");
      throw new Error(`${what} was not ready after ${timeoutMs} ms:\n${proc.output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `codespar serve` as a child, returned once /healthz answers. */
export async function startServe(dataDir: string, port: number, env: NodeJS.ProcessEnv = {}, extraArgs: string[] = []): Promise<CliProcess & { url: string }> {
  const proc = startCli(["serve", "--port", String(port), "--data-dir", dataDir, ...extraArgs], { CODESPAR_LOG_LEVEL: "warn", ...env });
  const url = `http://127.0.0.1:${port}`;
  await until("codespar serve", proc, async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true, 20_000);
  return { ...proc, url };
}

/** `codespar worker` as a child, returned once it says it is running (attached to its queues). */
export async function startWorker(env: NodeJS.ProcessEnv = {}, extraArgs: string[] = []): Promise<CliProcess> {
  const proc = startCli(["worker", ...extraArgs], { CODESPAR_LOG_LEVEL: "warn", ...env });
  await until("codespar worker", proc, () => proc.output().includes("worker running"), 30_000);
  return proc;
}

/** A command that writes a state file once ready (`dev --state-file`), returned with the file's JSON. */
export async function startWithStateFile<T>(args: string[], stateFile: string, timeoutMs = 30_000): Promise<CliProcess & { state: T }> {
  const proc = startCli(args);
  await until(`codespar ${args[0]}`, proc, () => existsSync(stateFile), timeoutMs);
  return { ...proc, state: JSON.parse(readFileSync(stateFile, "utf8")) as T };
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** Peak resident memory of a live process in MiB (Linux VmHWM), or undefined elsewhere. */
export function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
