import type { InputHTMLAttributes } from 'react';
import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';

export type FieldProps = {
  readonly label: string;
  /** Help under the field, read with it (aria-describedby). */
  readonly help?: string | undefined;
  /** What is wrong with the value: marks the field invalid (aria-invalid) and is read with it. */
  readonly error?: string | null | undefined;
  readonly testId?: string | undefined;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'aria-describedby' | 'aria-invalid'>;

/**
 * A labelled text input (React Aria's TextField): the label, the help and the error are tied to the
 * input by React Aria (aria-labelledby, aria-describedby, aria-invalid). The input's own props
 * (value, onChange with the event, required, type, maxLength…) pass through as on a plain
 * `<input>`, so `vault/Field` callers can switch by changing the import. Native constraint
 * validation (required, minLength) stays as it was: React Aria only adds the ARIA side.
 */
export function Field({ label, help, error, testId, className, ...input }: FieldProps) {
  return (
    <TextField className={className ? `field ${className}` : 'field'} isInvalid={Boolean(error)} validationBehavior="aria" data-testid={testId}>
      <Label>{label}</Label>
      <Input {...input} />
      {help && (
        <Text slot="description" className="help">
          {help}
        </Text>
      )}
      <FieldError className="error field-error">{error}</FieldError>
    </TextField>
  );
}
