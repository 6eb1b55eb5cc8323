import { systemClock } from '../runtime/clock';
import { createStderrLogger } from '../runtime/log';
import { runCoreWorker } from './worker';

// Entry point of out/main/core-worker.mjs: the product's core worker, on the system clock. The
// host thread checked the Node version before starting it (same process, same runtime).
await runCoreWorker({ clock: systemClock, logger: createStderrLogger(systemClock) });
