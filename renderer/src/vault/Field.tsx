import { type InputHTMLAttributes, useId } from 'react';

/** A labelled input with optional help text, wired with aria-describedby. */
export function Field({ label, help, ...input }: { label: string; help?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={help ? `${id}-help` : undefined} {...input} />
      {help && (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      )}
    </div>
  );
}
