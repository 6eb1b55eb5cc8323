/** The app's areas, in menu order. Navigation is React state: the URL never changes. */
export const AREAS = ['roster', 'meetings', 'supervision', 'handovers', 'followUp', 'audit', 'settings', 'about'] as const;
export type Area = (typeof AREAS)[number];

/** Areas only some roles see (main checks the role again on every call). */
export const ADMIN_AREAS: ReadonlySet<Area> = new Set(['audit']);

/** The area a signed-in account lands on: the psychologist's supervision, everyone else's team meetings. */
export function landingArea(roles: readonly string[]): Area {
  return roles.includes('psychologist') ? 'supervision' : 'meetings';
}
