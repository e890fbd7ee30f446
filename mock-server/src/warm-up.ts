/**
 * Work that only makes first requests fast or memory small (sorting a list order, building an index,
 * sharing strings), held back until the server is listening so start-up is not spent on it, then run
 * one task per turn of the event loop, so a request arriving meanwhile waits for one task at most.
 *
 * The turns are ordinary (referenced) immediates: an unreferenced one runs only when something else
 * wakes the event loop, which on an idle server is the next timer, seconds later.
 */
export class WarmUp {
  private readonly queue: Array<() => void> = [];
  private started = false;
  private pumping = false;

  /** Runs `task` soon: after `start()`, or in a later turn when the server is already up. */
  schedule(task: () => void): void {
    this.queue.push(task);
    this.pump();
  }

  /** The server is listening: run what was held back. */
  start(): void {
    this.started = true;
    this.pump();
  }

  private pump(): void {
    if (!this.started || this.pumping || !this.queue.length) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      try {
        this.queue.shift()!();
      } finally {
        this.pump();
      }
    });
  }
}
