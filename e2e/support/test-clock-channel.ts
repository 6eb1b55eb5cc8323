/** The BroadcastChannel on which the e2e test host moves its test core worker's clock. */
export const TEST_CLOCK_CHANNEL = 'teamvalv-test-clock';
