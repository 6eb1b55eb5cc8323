// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { TextArea, rowsFor } from './TextArea';
import { renderInApp } from './test-support/app';

afterEach(cleanup);

function Notes({ error, maxRows }: { error?: string; maxRows?: number }) {
  const [value, setValue] = useState('');
  return <TextArea label="Anteckningar" help="Inga personnummer" error={error} value={value} onChange={setValue} minRows={2} maxRows={maxRows} />;
}

describe('TextArea', () => {
  it('grows by a row for each line of its text, from minRows up to maxRows', async () => {
    await renderInApp(<Notes maxRows={5} />);
    const area = screen.getByLabelText('Anteckningar') as HTMLTextAreaElement;
    expect(area.tagName).toBe('TEXTAREA');
    expect(area.getAttribute('rows')).toBe('2');
    fireEvent.change(area, { target: { value: 'ett\ntvå\ntre' } });
    expect(area.value).toBe('ett\ntvå\ntre');
    expect(area.getAttribute('rows')).toBe('3');
    fireEvent.change(area, { target: { value: 'a\nb\nc\nd\ne\nf\ng' } });
    expect(area.getAttribute('rows')).toBe('5');
    fireEvent.change(area, { target: { value: '' } });
    expect(area.getAttribute('rows')).toBe('2');
  });

  it('is in the component layer’s text-area class (proportional type in styles.css), labelled and described', async () => {
    await renderInApp(<Notes error="För lång" />);
    const area = screen.getByLabelText('Anteckningar');
    expect(area.closest('.ui-textarea')).not.toBeNull();
    expect(area.getAttribute('aria-invalid')).toBe('true');
    const described = (area.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(['Inga personnummer', 'För lång']);
  });

  it('counts rows by line breaks', () => {
    expect(rowsFor('', 3, 10)).toBe(3);
    expect(rowsFor('a\nb\nc\nd', 3, 10)).toBe(4);
    expect(rowsFor('\n'.repeat(30), 3, 10)).toBe(10);
  });
});
