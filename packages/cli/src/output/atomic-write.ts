import { renameSync, writeFileSync } from "node:fs";

/** Readers never see half a file: write beside it, then rename over it. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, path);
}
