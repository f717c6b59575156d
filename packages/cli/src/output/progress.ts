/**
 * A one-line progress bar on a terminal (done, rate, ETA), redrawn in place; on a pipe or in
 * CI it prints a line every 10% instead of control characters.
 */
export class Progress {
  private readonly started = Date.now();
  private lastDecile = -1;
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly quiet = false,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, failed = 0): void {
    this.done = done;
    if (this.quiet || this.total === 0) return;
    const line = this.render(failed);
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}`);
      return;
    }
    const decile = Math.floor((done / this.total) * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.stream.write(`${line}\n`);
    }
  }

  finish(): void {
    if (!this.quiet && this.stream.isTTY && this.total > 0) this.stream.write(`\r${this.render(0)}\n`);
  }

  private render(failed: number): string {
    const secs = (Date.now() - this.started) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const eta = rate > 0 ? (this.total - this.done) / rate : 0;
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${this.done}/${this.total}${failed ? ` failed ${failed}` : ""}  ${rate.toFixed(0)}/s  ETA ${eta.toFixed(0)}s`;
  }
}
