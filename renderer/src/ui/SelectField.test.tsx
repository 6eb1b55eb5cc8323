// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { SelectField } from './SelectField';
import { renderInApp } from './test-support/app';

afterEach(cleanup);

const CASES = [
  { value: 'c1', label: 'UT-2026-001' },
  { value: 'c2', label: 'UT-2026-002' },
  { value: 'c3', label: 'UT-2025-090 (avslutat)', disabled: true },
  { value: 'en', label: 'English', lang: 'en' },
];

function Controlled({ error }: { error?: string }) {
  const [value, setValue] = useState('');
  return (
    <>
      <SelectField label="Ärende" placeholder="Välj ärende" help="Bara aktiva ärenden" error={error} options={CASES} value={value} onChange={setValue} required />
      <output>{value || 'inget'}</output>
    </>
  );
}

function describedBy(element: HTMLElement): string[] {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? `missing #${id}`);
}

describe('SelectField', () => {
  it('is a native select found by its label, with the placeholder first and its help read with it', async () => {
    await renderInApp(<Controlled />);
    const select = screen.getByLabelText('Ärende') as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    expect([...select.options].map((option) => [option.value, option.textContent, option.disabled])).toEqual([
      ['', 'Välj ärende', false],
      ['c1', 'UT-2026-001', false],
      ['c2', 'UT-2026-002', false],
      ['c3', 'UT-2025-090 (avslutat)', true],
      ['en', 'English', false],
    ]);
    // An option in another language says so (a language's name in itself).
    expect([...select.options].map((option) => option.getAttribute('lang'))).toEqual([null, null, null, null, 'en']);
    expect(describedBy(select)).toEqual(['Bara aktiva ärenden']);
    expect(select.getAttribute('aria-invalid')).toBeNull();
    expect(select.hasAttribute('required')).toBe(true);
  });

  it('hands the chosen value to onChange', async () => {
    await renderInApp(<Controlled />);
    fireEvent.change(screen.getByLabelText('Ärende'), { target: { value: 'c2' } });
    expect(screen.getByRole('status').textContent).toBe('c2');
    expect((screen.getByLabelText('Ärende') as HTMLSelectElement).value).toBe('c2');
  });

  it('marks the choice invalid and ties the error to it', async () => {
    await renderInApp(<Controlled error="Välj ett ärende först" />);
    const select = screen.getByLabelText('Ärende');
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(select)).toEqual(['Bara aktiva ärenden', 'Välj ett ärende först']);
  });
});
