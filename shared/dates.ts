// Calendar dates of the application. Every "today" — rules in force, deadlines, overdue items, default
// dates in forms — is the date in China (UTC+8, no daylight saving), whatever time zone the PC or the
// test machine is set to, so the core and the screens never disagree between midnight and 08:00.

const BEIJING_MS = 8 * 3_600_000;

/** The Beijing-time calendar date of an instant, `YYYY-MM-DD`. */
export function beijingDate(d: Date): string {
  return new Date(d.getTime() + BEIJING_MS).toISOString().slice(0, 10);
}

/** The Beijing-time date and time of an instant, `YYYY-MM-DDTHH:MM:SS.sssZ`-shaped but shifted by +8 h. */
export function beijingIso(d: Date): string {
  return new Date(d.getTime() + BEIJING_MS).toISOString();
}
