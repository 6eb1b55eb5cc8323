import { describe, expect, it } from 'vitest';
import { luhnValid } from './luhn';
import { parseOrganisationsnummer } from './organisationsnummer';

describe('parseOrganisationsnummer', () => {
  it.each([
    ['212000-2627', '212000-2627'], // Umeå kommun
    ['2021005521', '202100-5521'], // Försäkringskassan
    ['202100-2114', '202100-2114'], // Arbetsförmedlingen
    ['232100-0222', '232100-0222'], // Region Västerbotten
    ['16222000-1834', '222000-1834'], // with the 16 prefix used in some registers
  ])('accepts %s', (text, canonical) => {
    expect(parseOrganisationsnummer(text)).toBe(canonical);
  });

  it.each([
    ['202100-2115', 'wrong check digit'],
    ['211000-2627', 'third and fourth digits below 20'],
    ['212000-262', 'too short'],
    ['21200a-2627', 'not digits'],
    ['', 'empty'],
  ])('refuses %s (%s)', (text) => {
    expect(parseOrganisationsnummer(text)).toBeNull();
  });
});

describe('luhnValid', () => {
  it('checks the last digit', () => {
    expect(luhnValid('2120002627')).toBe(true);
    expect(luhnValid('2120002628')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });
});
