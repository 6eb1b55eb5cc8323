// @vitest-environment happy-dom
// The roster's tabs on ui/Tabs: a link from elsewhere opens a given tab and gives it the focus;
// only the chosen tab's panel is in the page.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderInApp } from '../../ui/test-support/app';
import { RosterArea } from './RosterArea';

afterEach(cleanup);

describe('the roster area', () => {
  it('opens the tab a link names, with the focus on it', async () => {
    await renderInApp(<RosterArea initialTab="teams" />);
    const teams = screen.getByRole('tab', { name: 'Team' });
    expect(teams.getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(teams));
    expect(screen.getByRole('tabpanel').querySelector('[data-testid="teams-table"]')).not.toBeNull();
    expect(screen.queryByTestId('roster-table')).toBeNull();
  });

  it('opens on the members without a link, and another tab shows its own panel only', async () => {
    await renderInApp(<RosterArea />);
    expect(screen.getByRole('tab', { name: 'Medlemmar' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('roster-table')).toBeTruthy();
    expect(document.activeElement).toBe(document.body);
    fireEvent.mouseDown(screen.getByRole('tab', { name: 'Organisationer' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Organisationer' }));
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Organisationer' }).getAttribute('aria-selected')).toBe('true'));
    expect(screen.getByTestId('organisations-table')).toBeTruthy();
    expect(screen.queryByTestId('roster-table')).toBeNull();
  });
});
