/** Runs `fn` after a warm-up and reports per-operation latency percentiles and throughput. */
export interface Measurement {
  readonly name: string;
  readonly iterations: number;
  readonly opsPerSecond: number;
  readonly p50Micros: number;
  readonly p95Micros: number;
  readonly maxMicros: number;
}

export async function measure(name: string, iterations: number, fn: () => Promise<unknown> | unknown): Promise<Measurement> {
  for (let i = 0; i < Math.min(200, iterations); i++) await fn();
  const samples = new Float64Array(iterations);
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const totalSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  samples.sort();
  const at = (q: number): number => Math.round((samples[Math.min(iterations - 1, Math.floor(q * iterations))] ?? 0) * 10) / 10;
  return {
    name,
    iterations,
    opsPerSecond: Math.round(iterations / totalSeconds),
    p50Micros: at(0.5),
    p95Micros: at(0.95),
    maxMicros: at(1),
  };
}
