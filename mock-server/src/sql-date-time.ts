/** The last second formatted: the rows a burst of writes stamps in one second then hold one string, not one each. */
let lastSecond = Number.NaN;
let lastText = '';

/** `YYYY-MM-DD HH:MM:SS` in UTC, as SQL stores a datetime (ITSM-NG's and Snipe-IT's columns). */
export function sqlDateTime(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastText = date.toISOString().slice(0, 19).replace('T', ' ');
    lastSecond = second;
  }
  return lastText;
}
