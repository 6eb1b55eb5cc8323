import { luhnValid } from './luhn';

/**
 * A Swedish organisationsnummer: ten digits (NNNNNN-NNNN), the third and fourth together at least
 * 20 (so it cannot be a personnummer's month), the last a Luhn check digit. Returns the canonical
 * `NNNNNN-NNNN` form, or null.
 */
export function parseOrganisationsnummer(text: string): string | null {
  const digits = text.trim().replace(/[-\s]/g, '').replace(/^16(?=\d{10}$)/, '');
  if (!/^\d{10}$/.test(digits)) return null;
  if (Number(digits.slice(2, 4)) < 20) return null;
  if (!luhnValid(digits)) return null;
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
}
