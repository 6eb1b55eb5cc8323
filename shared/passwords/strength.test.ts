import { describe, expect, it } from 'vitest';
import { MIN_ACCEPTED_LEVEL, passwordStrength } from './strength';

describe('passwordStrength', () => {
  it('sees through Swedish months, seasons, names and places', () => {
    for (const weak of ['Sommar2026!', 'november2026', 'Umeå12345', 'anna1984', 'Haninge-team-1', 'qwerty123']) {
      expect(passwordStrength(weak).level, weak).toBeLessThan(MIN_ACCEPTED_LEVEL);
      expect(passwordStrength(weak).guessable.length, weak).toBeGreaterThan(0);
    }
  });

  it('counts the organisation and username given as context', () => {
    expect(passwordStrength('ungarenalidkoping1', ['ungarenalidkoping']).guessable).toContain('ungarenalidkoping');
  });

  it('accepts long passphrases of unrelated words', () => {
    expect(passwordStrength('kanelbulle gruvlampa sjösten ekorre').level).toBeGreaterThanOrEqual(MIN_ACCEPTED_LEVEL);
    expect(passwordStrength('X7#pq!Lz0v&Rk2@w').level).toBeGreaterThanOrEqual(MIN_ACCEPTED_LEVEL);
  });

  it('does not reward repetition', () => {
    expect(passwordStrength('aaaaaaaaaaaaaaaaaaaaaaaa').level).toBe(0);
  });
});
