import { accessSync, constants, statSync, type Stats } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Refuses a --dead-letter path that could not be written. The file is written after the run, so
 * finding out then is too late: the refunds would be sent and their failures lost. Throws an
 * Error whose message says what is wrong with the path.
 */
export function checkDeadLetterTarget(path: string): void {
  const full = resolve(path);
  const target = statOrUndefined(full);
  if (target?.isDirectory()) throw new Error(`${path} is a directory; give the path of a file to write`);
  // A device or FIFO would be replaced by the atomic rename, or block it: only a regular file is overwritten.
  if (target && !target.isFile()) throw new Error(`${path} exists and is not a regular file`);
  const dir = dirname(full);
  const parent = statOrUndefined(dir);
  if (!parent) throw new Error(`directory ${dir} does not exist`);
  if (!parent.isDirectory()) throw new Error(`${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new Error(`directory ${dir} is not writable`);
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw err;
  }
}
