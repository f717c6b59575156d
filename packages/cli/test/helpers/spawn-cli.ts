import { startWithStateFile } from "@codespar/cli";

export { CLI_BIN as CLI, runCli } from "@codespar/cli";

/** Starts a long-running `codespar` command and waits until it has written its state file. */
export async function startCli(args: string[], stateFile: string, timeoutMs = 30_000) {
  const proc = await startWithStateFile<any>(args, stateFile, timeoutMs);
  return { child: proc.child, state: proc.state, exited: proc.exited };
}
