/**
 * Date-time values are `{value: "<epoch ms>", display_value: "Sep 6, 2019 06:58 AM"}`. The display form
 * is rendered in the API user's time zone; the documentation's examples are all in India Standard Time
 * (UTC+05:30, no daylight saving), so the mock uses that zone and reproduces them exactly.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DISPLAY_OFFSET_MS = 330 * 60_000;

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

function displayTime(ms: number): string {
  const d = new Date(ms + DISPLAY_OFFSET_MS);
  const h = d.getUTCHours();
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${pad(h % 12 || 12)}:${pad(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** The read form (GET) lists display_value first, as the documentation's examples do. */
export function dateValue(ms: number): { display_value: string; value: string } {
  return { display_value: displayTime(ms), value: String(ms) };
}

/** The write form (POST/PUT answers of additional fields) lists value first. */
export function dateValueWriteForm(ms: number): { value: string; display_value: string } {
  return { value: String(ms), display_value: displayTime(ms) };
}
