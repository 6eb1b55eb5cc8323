import { fakerSV } from '@faker-js/faker';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../e2e/support/browser';
import { type RunningHost, startHostWithUrl } from '../e2e/support/host';
import { PROFESSIONS, TEAM_ROLES } from '../shared/roster/codes';
import { inventedOrgNumber } from '../main/vault/demo-roster';
import { saveMember, saveOrganisation, saveTeam, setMembership } from '../main/roster/repository';
import { ADMIN_PASSWORD, rosterVault } from '../main/roster/test-support/roster-fixture';
import type { Measurement } from './measure';
import { writeCaps } from '../main/capabilities/caps';

/**
 * The roster at 10,000 members in Chromium, as a user meets it: a vault seeded through the roster
 * services, the browser host started on it (the built app, `out/main/browser-host.mjs`), Debian's
 * Chromium driven by playwright-core. Two figures:
 *
 * - first render: from the click on "Team och medlemmar" until the first member line is in the
 *   page and a frame has been produced (the table's data call included), repeated `renders` times
 *   (another area in between, so the roster mounts afresh each time);
 * - long tasks (PerformanceObserver 'longtask', > 50 ms on the main thread) while the table is
 *   scrolled from the first line to the last, one viewport per animation frame, until the last
 *   line is on screen with its data.
 *
 * Speed is measured here, never in a test. Returns rows in the shape of bench/measure.ts; the
 * Chromium heap after scrolling is printed.
 */
export async function runRosterRenderBench(options: { members?: number; renders?: number; scrolls?: number; log?: (line: string) => void } = {}): Promise<Measurement[]> {
  const members = options.members ?? 10_000;
  const renders = options.renders ?? 15;
  const scrolls = options.scrolls ?? 3;
  const log = options.log ?? ((line: string) => console.error(line));
  const built = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('The app did not build (scripts/build-if-stale.mjs)');

  const dataDir = await seedVault(members, log);
  let host: RunningHost | undefined;
  let browser: Browser | undefined;
  try {
    const started = await startHostWithUrl(dataDir);
    host = started.host;
    browser = await launchChromium();
    const page = await openAndUnlock(browser, started.url);
    const label = `${members.toLocaleString('en-GB')} members`;

    const firstRenders: number[] = [];
    const renderLongTasks: number[] = [];
    for (let i = 0; i < renders + 1; i++) {
      const { ms, longTasks } = await timeFirstRender(page);
      // The first one is a warm-up (code, fonts and the statement caches of a fresh unlock).
      if (i === 0) continue;
      firstRenders.push(ms);
      renderLongTasks.push(Math.max(0, ...longTasks));
    }
    const scrollLongest: number[] = [];
    let scrollTaskCount = 0;
    for (let i = 0; i < scrolls; i++) {
      const { longTasks, frames, ms } = await scrollEndToEnd(page);
      log(`roster scroll ${i + 1}: ${frames} frames in ${Math.round(ms)} ms, long tasks: ${longTasks.map((d) => Math.round(d)).join(', ') || 'none'}`);
      scrollTaskCount += longTasks.length;
      scrollLongest.push(Math.max(0, ...longTasks));
    }
    // One more scroll under a trace: each main-thread task's CPU time beside its wall time. On this
    // shared 2-core machine most long tasks are the thread waiting for a core (a 100 ms task that
    // ran 0.3 ms of CPU); the CPU figure is the table's own work.
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    const traced = await scrollEndToEnd(page);
    const tasks = mainThreadTasks(await browser.stopTracing());
    const cpuLongest = Math.max(0, ...tasks.map((task) => task.cpu));
    const wallLongest = Math.max(0, ...tasks.map((task) => task.wall));
    log(
      `roster traced scroll: ${traced.frames} frames, ${tasks.length} tasks, longest ${wallLongest.toFixed(1)} ms wall / ${cpuLongest.toFixed(1)} ms CPU; ` +
        `${tasks.filter((task) => task.wall > 50).length} over 50 ms wall, ${tasks.filter((task) => task.cpu > 50).length} over 50 ms CPU`,
    );
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    const metrics = (await session.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const heap = metrics.metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
    log(`roster: Chromium JS heap after scrolling ${label}: ${(heap / 1024 / 1024).toFixed(1)} MiB`);
    return [
      fromMillis(`roster of ${label}: first render in Chromium (click to first lines on screen)`, firstRenders),
      fromMillis(`roster of ${label}: longest long task during first render (0 = none over 50 ms)`, renderLongTasks),
      fromMillis(`roster of ${label}: longest long task scrolling end to end (${scrollTaskCount} long tasks in ${scrolls} runs)`, scrollLongest),
      fromMillis(`roster of ${label}: longest main-thread task scrolling end to end, CPU time (trace)`, [cpuLongest]),
    ];
  } finally {
    await browser?.close();
    await host?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

/** Per-run figures in milliseconds as a Measurement (µs, like bench/measure.ts). */
function fromMillis(name: string, millis: readonly number[]): Measurement {
  const sorted = [...millis].sort((a, b) => a - b);
  const at = (q: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10_000) / 10;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return { name, iterations: sorted.length, opsPerSecond: total > 0 ? Math.round((sorted.length / total) * 1000 * 10) / 10 : 0, p50Micros: at(0.5), p95Micros: at(0.95), maxMicros: at(1) };
}

/**
 * A vault in a temp folder with `count` invented members (fakerSV's made-up names, seeded so every
 * run is the same) in five organisations and 24 teams, written through the roster services in
 * transactions of 500. A tenth hold a second place, every fiftieth has no team.
 */
async function seedVault(count: number, log: (line: string) => void): Promise<string> {
  const started = Date.now();
  fakerSV.seed(16);
  const fixture = await rosterVault(new Date().toISOString());
  const { admin, ownOrganisationId } = fixture;
  const organisations = [ownOrganisationId];
  const kinds = ['arbetsformedlingen', 'forsakringskassan', 'socialtjansten', 'region'] as const;
  for (const [i, kind] of kinds.entries()) {
    organisations.push(saveOrganisation(writeCaps(admin), { name: `${fakerSV.location.city()} ${kind} ${i + 1} (påhittad)`, shortName: '', orgNumber: inventedOrgNumber(`55990200${i}`), kind }).id);
  }
  const teams: string[] = [];
  for (let i = 0; i < 24; i++) teams.push(saveTeam(writeCaps(admin), { name: `Team ${i + 1} ${fakerSV.location.city()} (påhittat)`, description: '', meetingWeekday: 1 + (i % 5), meetingTime: '09:00', meetingRoom: '' }).id);
  const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
  for (let batch = 0; batch < count; batch += 500) {
    admin.db.transaction(() => {
      for (let i = batch; i < Math.min(count, batch + 500); i++) {
        const member = saveMember(writeCaps(admin), {
          displayName: fakerSV.person.fullName(),
          profession: pick(PROFESSIONS.filter((code) => code !== 'other'), i),
          professionOther: '',
          organisationId: pick(organisations, i),
          phone: `0500-${String(100_000 + i).slice(0, 3)} ${String(i % 1000).padStart(3, '0')}`,
          email: `person${i}@exempel.invalid`,
          activeFrom: '2020-01-01',
          ...(i % 50 === 49 ? {} : { team: { teamId: pick(teams, i), role: pick(TEAM_ROLES, i % 7 === 0 ? i : 2) } }),
        });
        if (i % 10 === 3) setMembership(writeCaps(admin), { memberId: member.id, teamId: pick(teams, i + 7), role: 'member', from: '2021-01-01' });
      }
    })();
  }
  admin.close();
  log(`roster: seeded ${count} members in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return fixture.dataDir;
}

async function openAndUnlock(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 800 } });
  // Every long task from the first paint on, with its start: each measurement reads its own window.
  await context.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    Object.assign(window, { teamvalvLongTasks: tasks });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('body[data-teamvalv-ready="true"]').waitFor();
  await page.getByTestId('unlock-screen').waitFor();
  await page.getByLabel('Användarnamn').fill('admin');
  await page.getByLabel('Lösenord').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await page.getByRole('navigation').waitFor({ timeout: 120_000 });
  return page;
}

/** Leaves for another area, then times the roster from the click to its first lines on screen. */
async function timeFirstRender(page: Page): Promise<{ ms: number; longTasks: number[] }> {
  await page.getByRole('navigation').getByRole('button', { name: 'Om Teamvalv' }).click();
  await page.getByTestId('roster-table').waitFor({ state: 'detached' });
  return page.evaluate(
    () =>
      new Promise<{ ms: number; longTasks: number[] }>((resolve) => {
        const button = [...document.querySelectorAll<HTMLButtonElement>('nav button')].find((candidate) => candidate.textContent === 'Team och medlemmar');
        if (!button) throw new Error('no roster button');
        const tasks = (window as unknown as { teamvalvLongTasks: { start: number; duration: number }[] }).teamvalvLongTasks;
        const done = (started: number): void => {
          // The frame that shows the lines: after the next animation frame, once it has been produced.
          requestAnimationFrame(() =>
            setTimeout(() => {
              const end = performance.now();
              resolve({ ms: end - started, longTasks: tasks.filter((task) => task.start + task.duration > started && task.start < end).map((task) => task.duration) });
            }, 0),
          );
        };
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-testid="roster-table"] tbody tr.roster-row')) {
            observer.disconnect();
            done(started);
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
        button.click();
      }),
  );
}

/**
 * Scrolls the roster table from the top to the bottom, one viewport per animation frame, then
 * waits until the last line (aria-rowindex = aria-rowcount) is in the page with its data. Returns
 * the long tasks that began or ran in that time.
 */
async function scrollEndToEnd(page: Page): Promise<{ ms: number; frames: number; longTasks: number[] }> {
  await page.getByTestId('roster-table').locator('tbody tr.roster-row').first().waitFor();
  return page.evaluate(async () => {
    const frame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));
    const scroller = document.querySelector<HTMLElement>('.roster-scroll');
    const table = document.querySelector<HTMLElement>('[data-testid="roster-table"]');
    if (!scroller || !table) throw new Error('no roster table');
    const tasks = (window as unknown as { teamvalvLongTasks: { start: number; duration: number }[] }).teamvalvLongTasks;
    scroller.scrollTop = 0;
    await frame();
    const started = performance.now();
    let frames = 0;
    const lastShown = (): boolean => {
      const rowCount = table.getAttribute('aria-rowcount');
      const last = table.querySelector(`tbody tr[aria-rowindex="${rowCount}"]`);
      return last !== null && last.classList.contains('roster-row') && (last.textContent ?? '') !== '' && !table.querySelector('tbody tr.roster-pending');
    };
    for (;;) {
      const atBottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
      if (atBottom && lastShown()) break;
      if (!atBottom) scroller.scrollTop += scroller.clientHeight;
      await frame();
      frames++;
      if (frames > 100_000) throw new Error('the roster never reached its last line');
    }
    const end = performance.now();
    return { ms: end - started, frames, longTasks: tasks.filter((task) => task.start + task.duration > started && task.start < end).map((task) => task.duration) };
  });
}

/**
 * The renderer main thread's top-level tasks in a Chromium trace: wall time (`dur`) and the
 * thread's CPU time in it (`tdur`), in milliseconds.
 */
export function mainThreadTasks(trace: Buffer): { wall: number; cpu: number }[] {
  type TraceEvent = { ph?: string; name?: string; pid?: number; tid?: number; ts?: number; dur?: number; tdur?: number; args?: { name?: string } };
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const runs = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask'))
    .sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  const tasks: { wall: number; cpu: number }[] = [];
  let end = -1;
  for (const run of runs) {
    // Nested run loops report a task inside a task: only the outermost counts.
    if ((run.ts ?? 0) < end) continue;
    end = (run.ts ?? 0) + (run.dur ?? 0);
    tasks.push({ wall: (run.dur ?? 0) / 1000, cpu: (run.tdur ?? 0) / 1000 });
  }
  return tasks;
}
