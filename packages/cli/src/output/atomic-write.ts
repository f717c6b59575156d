import { renameSync, rmSync, writeFileSync } from "node:fs";

/** Readers never see half a file: write beside it, then rename over it. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (err) {
    // A failed write leaves nothing half-done beside the target.
    rmSync(tmp, { force: true });
    throw err;
  }
}
