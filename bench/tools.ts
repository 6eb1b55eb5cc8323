import { openSettingsMain } from './open-settings';
import { scaleVaultMain } from './scale-vault';
import { scalingMain } from './scaling';

// `npm run bench -- scale-vault FROM TO N`, `npm run bench -- open-settings SEEDED [FACTORS]` and
// `npm run bench -- scaling SEEDED`
// (scripts/bench.mjs bundles and runs this entry for them).
const [command, ...args] = process.argv.slice(2);
if (command === 'open-settings') await openSettingsMain(args);
else if (command === 'scaling') await scalingMain(args);
else await scaleVaultMain(args);
