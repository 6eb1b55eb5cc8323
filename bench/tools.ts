import { openSettingsMain } from './open-settings';
import { scaleVaultMain } from './scale-vault';

// `npm run bench -- scale-vault FROM TO N` and `npm run bench -- open-settings SEEDED [FACTORS]`
// (scripts/bench.mjs bundles and runs this entry for them).
const [command, ...args] = process.argv.slice(2);
if (command === 'open-settings') await openSettingsMain(args);
else await scaleVaultMain(args);
