/** The demo vault's password: public on purpose (the demo banner shows it). Only invented data uses it. */
export const DEMO_PASSWORD = 'prova teamvalv med påhittade data';
