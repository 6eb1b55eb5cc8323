import type { SeedProgress } from '../main/seed/seed-vault';

/** A one-line progress bar on stderr (percent, counts, elapsed), redrawn in place on a terminal. */
export function seedProgressBar(stream: NodeJS.WriteStream = process.stderr): { update: (progress: SeedProgress) => void; end: () => void } {
  const started = Date.now();
  let lastLine = 0;
  const elapsed = (): string => {
    const seconds = Math.round((Date.now() - started) / 1000);
    return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  };
  return {
    update(progress) {
      const fraction = progress.phase === 'setup' ? (0.02 * progress.done) / Math.max(1, progress.total) : progress.phase === 'done' ? 1 : 0.02 + (0.98 * progress.done) / Math.max(1, progress.total);
      const width = 24;
      const filled = Math.round(fraction * width);
      const c = progress.counts;
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}% ${progress.phase} · meetings ${c.meetings.toLocaleString('en')} · case items ${c.caseItems.toLocaleString('en')} · cases ${c.cases.toLocaleString('en')} · actions ${c.actions.toLocaleString('en')} · audit ${c.auditRows.toLocaleString('en')} · ${elapsed()}`;
      if (stream.isTTY) stream.write(`\r${line}\x1b[K`);
      else if (Date.now() - lastLine > 10_000 || progress.phase === 'done') {
        // A log file gets a line every ten seconds, not a redraw per event.
        lastLine = Date.now();
        stream.write(`${line}\n`);
      }
    },
    end() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
