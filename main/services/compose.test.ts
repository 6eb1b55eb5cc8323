import { afterEach, describe, expect, it } from 'vitest';
import { teamWorld } from '../cases/test-support/team-world';
import { ReadOnlyHandleError } from '../vault/handles';
import { audited, forTeam, reads, writes } from './compose';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((fixture) => fixture.close()));
});

const auditRows = (db: { prepare(sql: string): { all(): unknown[] } }) => db.prepare("SELECT action, detail FROM audit_log WHERE action = 'audit.verified' ORDER BY seq").all();

describe('channel wrappers', () => {
  it('reads hands a read-only handle: a write inside fails and changes nothing; writes hands a writing one', async () => {
    const world = await teamWorld(opened);
    const source = { vault: world.chair.vault };
    const rename = (db: { prepare(sql: string): { run(...a: unknown[]): unknown } }, name: string) => db.prepare('UPDATE teams SET name = ? WHERE id = ?').run(name, world.team.id);
    const readName = () => (world.admin.db.prepare('SELECT name FROM teams WHERE id = ?').get(world.team.id) as { name: string }).name;
    expect(() => reads(source, (caps, name: string) => rename(caps.db, name))('Inte så')).toThrow(ReadOnlyHandleError);
    expect(readName()).toBe('Team Öst');
    writes(source, (caps, name: string) => rename(caps.db, name))('Team Väst');
    expect(readName()).toBe('Team Väst');
  });

  it('a locked vault answers as locked before the function runs', () => {
    let ran = false;
    const locked = {
      get vault(): never {
        throw Object.assign(new Error('The vault is locked'), { code: 'not_found' });
      },
    };
    expect(() => reads(locked, () => (ran = true))(undefined)).toThrow(/locked/);
    expect(() => writes(locked, () => (ran = true))(undefined)).toThrow(/locked/);
    expect(ran).toBe(false);
  });

  it('forTeam checks the right in the team the input names before the function runs', async () => {
    const world = await teamWorld(opened);
    const calls: string[] = [];
    const fn = (right: 'read' | 'edit' | 'finalise' | 'manage') => forTeam(right, (input: { teamId: string }) => input.teamId, (_caps, input: { teamId: string }) => calls.push(`${right}:${input.teamId}`));
    const as = (vault: typeof world.admin) => ({ vault });
    const input = { teamId: world.team.id };
    const refusal = (reason: string) => expect.objectContaining({ code: 'forbidden', detail: { reason } });
    // The member reads, does not edit; the note-taker edits, does not finalise; the chair finalises; the admin manages, reads nothing.
    expect(reads(as(world.fkMember.vault), fn('read'))(input)).toBe(1);
    expect(() => reads(as(world.fkMember.vault), fn('edit'))(input)).toThrow(refusal('not_team_editor'));
    expect(reads(as(world.noteTaker.vault), fn('edit'))(input)).toBe(2);
    expect(() => reads(as(world.noteTaker.vault), fn('finalise'))(input)).toThrow(refusal('not_team_chair'));
    expect(reads(as(world.chair.vault), fn('finalise'))(input)).toBe(3);
    expect(reads(as(world.admin), fn('manage'))(input)).toBe(4);
    expect(() => reads(as(world.admin), fn('read'))(input)).toThrow(refusal('not_team_member'));
    expect(() => reads(as(world.outsider.vault), fn('read'))(input)).toThrow(refusal('not_team_member'));
    expect(() => reads(as(world.chair.vault), fn('read'))({ teamId: 'another-team' })).toThrow(refusal('not_team_member'));
    expect(calls).toEqual([`read:${world.team.id}`, `edit:${world.team.id}`, `finalise:${world.team.id}`, `manage:${world.team.id}`]);
  });

  it('audited writes its row after success (after an async function resolves), and none after a failure', async () => {
    const world = await teamWorld(opened);
    const source = { vault: world.admin };
    const event = (input: { n: number }, output: number) => ({ action: 'audit.verified' as const, detail: { input: input.n, output } });
    expect(reads(source, audited(event, (_caps, input: { n: number }) => input.n * 2))({ n: 2 })).toBe(4);
    let resolve: (value: number) => void = () => undefined;
    const pending = reads(source, audited(event, (_caps, _input: { n: number }) => new Promise<number>((r) => (resolve = r))))({ n: 3 });
    expect(auditRows(world.admin.db)).toHaveLength(1); // not before it resolves
    resolve(9);
    await expect(pending).resolves.toBe(9);
    expect(() =>
      reads(
        source,
        audited(event, () => {
          throw new Error('failed');
        }),
      )({ n: 5 }),
    ).toThrow('failed');
    await expect(reads(source, audited(event, async () => Promise.reject(new Error('failed later'))))({ n: 6 })).rejects.toThrow('failed later');
    expect(auditRows(world.admin.db).map((row) => JSON.parse((row as { detail: string }).detail) as unknown)).toEqual([
      { input: 2, output: 4 },
      { input: 3, output: 9 },
    ]);
  });
});
