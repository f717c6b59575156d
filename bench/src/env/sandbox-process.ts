import { startCli, type CliProcess } from "@codespar/cli";

export type Provider = "stripe" | "asaas" | "mercadopago";
export const PROVIDERS: Provider[] = ["stripe", "asaas", "mercadopago"];

export interface SandboxEndpoint {
  url: string;
  key: string;
}

export interface SeededPayment {
  server: Provider;
  payment_id: string;
  amount: number;
  currency: string;
}

/**
 * The three emulators in their own process (`codespar sandbox`), so the load they take does
 * not share an event loop with the client or server being measured. Driven through /_sandbox.
 */
export class SandboxProcess {
  private constructor(
    readonly proc: CliProcess,
    readonly endpoints: Record<Provider, SandboxEndpoint>,
  ) {}

  static async start(): Promise<SandboxProcess> {
    const proc = startCli(["sandbox", "--json"]);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const line = proc.output().split("\n").find((l) => l.startsWith("{"));
      if (line) return new SandboxProcess(proc, JSON.parse(line) as Record<Provider, SandboxEndpoint>);
      if (Date.now() > deadline || proc.child.exitCode !== null) throw new Error(`codespar sandbox did not start:\n${proc.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async control<T>(p: Provider, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.endpoints[p].url}/_sandbox${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
    });
    if (!res.ok) throw new Error(`sandbox ${p} ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async configure(faults: Record<string, unknown>): Promise<void> {
    for (const p of PROVIDERS) {
      await this.control(p, "POST", "/reset");
      await this.control(p, "PUT", "/faults", faults);
    }
  }

  /** n payments spread round-robin over the providers (all three unless told). */
  async seed(n: number, amount = 2500, providers: Provider[] = PROVIDERS): Promise<SeededPayment[]> {
    const out: SeededPayment[] = [];
    for (let i = 0; i < n; i += 50) {
      const batch = Array.from({ length: Math.min(50, n - i) }, (_, j) => providers[(i + j) % providers.length] as Provider);
      out.push(...(await Promise.all(batch.map((p) => this.control<SeededPayment>(p, "POST", "/payments", { amount })))));
    }
    return out;
  }

  async counters(): Promise<{ requests: number; rateLimited: number }> {
    let requests = 0;
    let rateLimited = 0;
    for (const p of PROVIDERS) {
      const h = await this.control<{ requests: number; rate_limited?: number }>(p, "GET", "/health");
      requests += h.requests;
      rateLimited += h.rate_limited ?? 0;
    }
    return { requests, rateLimited };
  }

  /** Payments with more than one refund: the number that must always be zero. */
  async duplicates(): Promise<number> {
    let dup = 0;
    for (const p of PROVIDERS) {
      const refunds = await this.control<{ payment_id: string; status: string }[]>(p, "GET", "/refunds");
      const per = new Map<string, number>();
      for (const r of refunds) per.set(r.payment_id, (per.get(r.payment_id) ?? 0) + 1);
      for (const n of per.values()) if (n > 1) dup++;
    }
    return dup;
  }

  async stop(): Promise<void> {
    this.proc.child.kill("SIGTERM");
    await this.proc.exited;
  }
}
