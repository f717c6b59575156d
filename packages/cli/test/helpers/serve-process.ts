import { startServe as start } from "@codespar/cli";

export { freePort, killHard } from "@codespar/cli";

/** `codespar serve` as a real child process, returned once /healthz answers. */
export async function startServe(dataDir: string, port: number, env: NodeJS.ProcessEnv = {}, extraArgs: string[] = []) {
  const proc = await start(dataDir, port, env, extraArgs);
  return { child: proc.child, url: proc.url, output: proc.output };
}
