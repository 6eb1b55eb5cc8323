import { formatIsoDate } from '../../../shared/time/iso-week';

/** An instant as local ISO date and time (2026-11-23 09:05), as Swedish workplaces write it. */
export function localDateTime(iso: string, withSeconds = false): string {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = formatIsoDate({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() });
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}${withSeconds ? `:${pad(d.getSeconds())}` : ''}`;
}
