import { scaleVaultMain } from './scale-vault';

// `npm run bench -- scale-vault FROM TO N` (scripts/bench.mjs bundles and runs this entry).
await scaleVaultMain(process.argv.slice(2));
