// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Field } from './Field';
import { renderInApp } from './test-support/app';

afterEach(cleanup);

/** The ids aria-describedby lists, as the texts they point at. */
function describedBy(input: HTMLElement): string[] {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? `missing #${id}`);
}

function Controlled({ error }: { error?: string }) {
  const [value, setValue] = useState('');
  return (
    <>
      <Field label="Namn" help="Som det står i legitimationen" error={error} required maxLength={30} value={value} onChange={(event) => setValue(event.target.value.toUpperCase())} />
      <output>{value}</output>
    </>
  );
}

describe('Field', () => {
  it('is found by its label and reads its help with it; valid, it is not marked invalid', async () => {
    await renderInApp(<Controlled />);
    const input = screen.getByLabelText('Namn');
    expect(input.tagName).toBe('INPUT');
    expect(describedBy(input)).toEqual(['Som det står i legitimationen']);
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByText('Namnet saknas')).toBeNull();
    // The input's own attributes pass through, as on a plain <input>.
    expect(input.hasAttribute('required')).toBe(true);
    expect(input.getAttribute('maxlength')).toBe('30');
  });

  it('marks the input invalid and ties the error to it', async () => {
    await renderInApp(<Controlled error="Namnet saknas" />);
    const input = screen.getByLabelText('Namn');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(input)).toEqual(['Som det står i legitimationen', 'Namnet saknas']);
  });

  it('passes the change event to onChange and shows the controlled value', async () => {
    await renderInApp(<Controlled />);
    const input = screen.getByLabelText('Namn') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'anna' } });
    expect(input.value).toBe('ANNA');
    expect(screen.getByRole('status').textContent).toBe('ANNA');
  });
});
