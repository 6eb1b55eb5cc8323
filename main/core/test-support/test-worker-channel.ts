/** The BroadcastChannel on which unit tests move the test core worker's clock. */
export const TEST_WORKER_CHANNEL = 'teamvalv-unit-core-worker';
