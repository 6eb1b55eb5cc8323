import { describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS } from './channels';
import { CHANNEL_NAME, contract } from './contract';
import { events } from './events';

describe('channel lists for the preload', () => {
  it('equal the contract', () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(contract).sort());
    expect([...EVENTS].sort()).toEqual(Object.keys(events).sort());
  });

  it('name every channel domain:action', () => {
    for (const name of [...CHANNELS, ...EVENTS]) expect(name).toMatch(CHANNEL_NAME);
  });
});
