import type { Command } from "commander";
import { startSandbox } from "@codespar/sandbox";
import { untilSignal } from "../output/signals.js";
import { InvalidArgumentError } from "commander";
import { parsePort } from "./options.js";

function parsePorts(raw: string): number[] {
  const ports = raw.split(",").map((p) => parsePort(p.trim()));
  if (ports.length !== 3) throw new InvalidArgumentError("takes three ports: stripe,asaas,mercadopago");
  return ports;
}

export function registerSandbox(program: Command): void {
  program
    .command("sandbox")
    .description("Run only the Stripe, Asaas and Mercado Pago emulators")
    .option("--ports <stripe,asaas,mercadopago>", "three ports, comma separated (0 = any free port)", parsePorts, [0, 0, 0])
    .option("--json", "print URLs and keys as JSON")
    .action(async (opts: { ports: number[]; json?: boolean }) => {
      const ports = opts.ports;
      const sandbox = await startSandbox({ stripe: { port: ports[0] ?? 0 }, asaas: { port: ports[1] ?? 0 }, mercadopago: { port: ports[2] ?? 0 } });
      const info = Object.fromEntries((["stripe", "asaas", "mercadopago"] as const).map((p) => [p, { url: sandbox[p].url, key: sandbox[p].key }]));
      if (opts.json) console.log(JSON.stringify(info));
      else for (const [p, v] of Object.entries(info)) console.log(`${p.padEnd(12)} ${v.url}  key ${v.key}`);
      await untilSignal();
      await sandbox.close();
    });
}
