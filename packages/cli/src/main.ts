import { Command, CommanderError } from "commander";
import { registerConnections } from "./commands/connections-command.js";
import { registerDemo } from "./commands/demo-command.js";
import { registerDev } from "./commands/dev-command.js";
import { registerKeys } from "./commands/keys-command.js";
import { registerSandbox } from "./commands/sandbox-command.js";
import { registerServe } from "./commands/serve-command.js";
import { registerWorker } from "./commands/worker-command.js";
import { registerUsage } from "./commands/usage-command.js";
import { registerAudit } from "./commands/audit-command.js";
import { registerRefund } from "./commands/refund-command.js";

export function buildProgram(): Command {
  const program = new Command("codespar")
    .description("Self-hosted CodeSpar: refunds and payments at Stripe, Asaas and Mercado Pago behind one SDK")
    .version("0.1.0")
    .showHelpAfterError();
  registerDemo(program);
  registerServe(program);
  registerWorker(program);
  registerRefund(program);
  registerDev(program);
  registerSandbox(program);
  registerKeys(program);
  registerConnections(program);
  registerUsage(program);
  registerAudit(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    throw err;
  }
}
