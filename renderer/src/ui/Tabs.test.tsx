// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Tab, TabList, TabPanel, Tabs } from './Tabs';
import { renderInApp } from './test-support/app';

afterEach(cleanup);

function Area({ chosen }: { chosen: string[] }) {
  const [tab, setTab] = useState<'a' | 'b'>('a');
  return (
    <Tabs selected={tab} onSelect={(id) => (chosen.push(id), setTab(id))}>
      <TabList label="Överlämningar">
        <Tab id="a">Överlämningar</Tab>
        <Tab id="b">Nycklar</Tab>
      </TabList>
      <TabPanel id="a">Listan</TabPanel>
      <TabPanel id="b">Nyckellistan</TabPanel>
    </Tabs>
  );
}

describe('Tabs', () => {
  it('marks the selected tab, shows its panel labelled by it, and moves with the arrow keys', async () => {
    const chosen: string[] = [];
    await renderInApp(<Area chosen={chosen} />);
    expect(screen.getByRole('tablist', { name: 'Överlämningar' })).toBeTruthy();
    const [first, second] = screen.getAllByRole('tab');
    expect(first?.getAttribute('aria-selected')).toBe('true');
    expect(second?.getAttribute('aria-selected')).toBe('false');
    const panel = screen.getByRole('tabpanel');
    expect(panel.textContent).toBe('Listan');
    expect(panel.getAttribute('aria-labelledby')).toBe(first?.id);

    act(() => first?.focus());
    fireEvent.keyDown(first as HTMLElement, { key: 'ArrowRight' });
    expect(chosen).toEqual(['b']);
    expect(screen.getByRole('tab', { name: 'Nycklar' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').textContent).toBe('Nyckellistan');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Nycklar' }));
  });
});
