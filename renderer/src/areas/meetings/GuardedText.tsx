import { type ReactNode, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type GuardHit, type GuardSeverity, scanText } from '../../../../shared/guard/identifier-guard';

/**
 * A text area watched by the identifier guard as the user types: hits are listed under it and the
 * text is shown again with each hit marked (blocking ones strong, warnings lighter, the team's own
 * people — `staffNames` — as staff, which never blocks). The same guard runs in main before the
 * item is committed.
 */
export function GuardedText({
  label,
  value,
  onChange,
  extraNames,
  staffNames,
  rows = 5,
  readOnly = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  extraNames: readonly string[];
  staffNames?: readonly string[];
  rows?: number;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const hits = useMemo(() => scanText(value, { extraNames, ...(staffNames ? { staffNames } : {}) }), [value, extraNames, staffNames]);
  return (
    <div className="field guarded">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={rows} value={value} readOnly={readOnly} aria-describedby={hits.length > 0 ? `${id}-hits` : undefined} onChange={(event) => onChange(event.target.value)} />
      {hits.length > 0 && (
        <div id={`${id}-hits`} className="guard-hits" data-testid="guard-hits">
          <p className="guard-preview">{highlight(value, hits)}</p>
          <ul>
            {hits.map((hit) => (
              <li key={`${hit.start}:${hit.kind}`} className={hit.severity === 'block' ? 'error' : 'help'} data-kind={hit.kind}>
                {t(HIT_TEXT[hit.severity], { text: hit.text, kind: t(`guard.kind.${hit.kind}`) })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

const HIT_TEXT: Record<GuardSeverity, string> = { block: 'guard.blocks', warn: 'guard.warns', info: 'guard.staff' };
const MARK_CLASS: Record<GuardSeverity, string> = { block: 'guard-block', warn: 'guard-warn', info: 'guard-staff' };

function highlight(text: string, hits: readonly GuardHit[]) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const hit of hits) {
    if (hit.start > at) parts.push(text.slice(at, hit.start));
    parts.push(
      <mark key={hit.start} className={MARK_CLASS[hit.severity]}>
        {text.slice(hit.start, hit.end)}
      </mark>,
    );
    at = hit.end;
  }
  parts.push(text.slice(at));
  return parts;
}
