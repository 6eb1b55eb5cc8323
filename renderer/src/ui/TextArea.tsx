import { type TextareaHTMLAttributes, useLayoutEffect, useRef } from 'react';
import { FieldError, Label, Text, TextArea as AriaTextArea, TextField } from 'react-aria-components';

export type TextAreaProps = {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly help?: string | undefined;
  readonly error?: string | null | undefined;
  /** Rows shown when empty (default 3). */
  readonly minRows?: number | undefined;
  /** Rows it grows to before it scrolls (default 20). */
  readonly maxRows?: number | undefined;
  readonly testId?: string | undefined;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'rows' | 'aria-describedby' | 'aria-invalid'>;

/** How many rows the text needs by its line breaks, between `min` and `max`. */
export function rowsFor(text: string, min: number, max: number): number {
  const lines = text.split('\n').length;
  return Math.min(max, Math.max(min, lines));
}

/**
 * A labelled text area in the page's proportional type that grows with its text: one row per line
 * (the `rows` attribute), and in a browser the wrapped lines too (its height follows the scroll
 * height, up to `maxRows`). Label, help and error are tied as in `Field`.
 */
export function TextArea({ label, value, onChange, help, error, minRows = 3, maxRows = 20, testId, className, ...area }: TextAreaProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const rows = rowsFor(value, minRows, maxRows);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    // Wrapped lines: grow to the content, no further than maxRows lines (then it scrolls).
    element.style.height = '';
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight);
    const limit = Number.isFinite(lineHeight) ? lineHeight * maxRows : Infinity;
    if (element.scrollHeight > element.clientHeight) element.style.height = `${Math.min(element.scrollHeight + 4, limit)}px`;
  }, [value, maxRows]);
  return (
    <TextField
      className={className ? `field ui-textarea ${className}` : 'field ui-textarea'}
      value={value}
      onChange={onChange}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
      data-testid={testId}
    >
      <Label>{label}</Label>
      <AriaTextArea ref={ref} rows={rows} {...area} />
      {help && (
        <Text slot="description" className="help">
          {help}
        </Text>
      )}
      <FieldError className="error field-error">{error}</FieldError>
    </TextField>
  );
}
