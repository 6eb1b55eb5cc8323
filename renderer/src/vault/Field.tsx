import { type InputHTMLAttributes, useId } from 'react';

/**
 * A labelled input with optional help text, wired with aria-describedby. `error`, when given,
 * is shown right below the input, marks it aria-invalid and is read with it.
 */
export function Field({ label, help, error, ...input }: { label: string; help?: string; error?: string | null } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const describedBy = [input['aria-describedby'], help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} aria-describedby={describedBy} aria-invalid={error ? true : input['aria-invalid']} />
      {help && (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
