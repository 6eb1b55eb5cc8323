// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EmptyState } from './EmptyState';
import { renderInApp } from './test-support/app';

afterEach(cleanup);

describe('EmptyState', () => {
  it('says what is missing and offers the next step as a button', async () => {
    let pressed = 0;
    await renderInApp(<EmptyState testId="empty" message="Inga överlämningar ännu." action={{ label: 'Ny överlämning', onPress: () => (pressed += 1) }} />);
    expect(screen.getByTestId('empty').textContent).toContain('Inga överlämningar ännu.');
    fireEvent.click(screen.getByRole('button', { name: 'Ny överlämning' }));
    expect(pressed).toBe(1);
  });

  it('without an action it only explains', async () => {
    await renderInApp(<EmptyState testId="empty" message="Be Anna Berg lägga till dig i ett team." />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
