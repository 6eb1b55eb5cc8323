import { type ReactNode, type SelectHTMLAttributes, useId } from 'react';

export interface SelectOption {
  readonly value: string;
  readonly label: string;
  /** Shown but not choosable (e.g. a closed case named for context). */
  readonly disabled?: boolean | undefined;
  /** The option's own language where it differs from the page's (a language's name in itself). */
  readonly lang?: string | undefined;
}

export type SelectFieldProps = {
  readonly label: string;
  readonly value: string;
  /** The chosen option's value. */
  readonly onChange: (value: string) => void;
  readonly options: readonly SelectOption[];
  /** A first, empty choice ("Välj ärende"): its value is ''. */
  readonly placeholder?: string | undefined;
  /** Help under the field, read with it (aria-describedby). */
  readonly help?: string | undefined;
  /** What is wrong with the choice: marks it invalid (aria-invalid) and is read with it. */
  readonly error?: string | null | undefined;
  readonly testId?: string | undefined;
  /** Anything placed after the select inside the field (a button that acts on the choice). */
  readonly children?: ReactNode;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children' | 'aria-describedby' | 'aria-invalid' | 'id'>;

/**
 * A labelled choice from a short list: the platform's own `<select>` (keyboard, screen readers and
 * Playwright's selectOption all work as they do everywhere), with the label, help and error tied
 * to it as in `Field`. The organisation and case pickers of every area use it.
 */
export function SelectField({ label, value, onChange, options, placeholder, help, error, testId, className, children, ...select }: SelectFieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [help ? helpId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={className ? `field ui-select ${className}` : 'field ui-select'} data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
      {children}
      {help && (
        <p id={helpId} className="help">
          {help}
        </p>
      )}
      {error && (
        <p id={errorId} className="error field-error">
          {error}
        </p>
      )}
    </div>
  );
}
