/** The app's areas, in menu order. Navigation is React state: the URL never changes. */
export const AREAS = ['roster', 'meetings', 'supervision', 'handovers', 'followUp', 'settings', 'about'] as const;
export type Area = (typeof AREAS)[number];
