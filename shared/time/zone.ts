/**
 * The teams work in Swedish local time: "today", a meeting's date and the tertial a record falls
 * in are Europe/Stockholm dates, never UTC ones (00:30 on 1 May in Stockholm is still April in UTC).
 */
const STOCKHOLM_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Europe/Stockholm calendar date of an instant, as `YYYY-MM-DD`. */
export function stockholmDate(instant: Date): string {
  const parts = Object.fromEntries(STOCKHOLM_DATE.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
