/**
 * Work that only makes first requests fast (sorting a list order, building an index), held back until
 * the server is listening so start-up is not spent on it, then run one task per turn of the event loop
 * so a request arriving meanwhile waits for one task at most, not for all of them.
 */
export class WarmUp {
  private readonly waiting: Array<() => void> = [];
  private started = false;

  /** Runs `task` soon: after `start()`, or at once (in a later turn) when the server is already up. */
  schedule(task: () => void): void {
    if (this.started) setImmediate(task).unref();
    else this.waiting.push(task);
  }

  /** The server is listening: run what was held back. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const task of this.waiting.splice(0)) setImmediate(task).unref();
  }
}
