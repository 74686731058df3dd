import { BENCH_SCRIPTS, runBenchScript, type BenchScript } from '../main/cli/bench/bench-scripts.js';

/**
 * `npm run bench [-- engine ingest audit scale] [--quick]`: runs each benchmark script (default: all) in its own
 * process and prints their tables one after another; `--quick` is passed on (the scale benchmark then measures once
 * instead of three times). Exit code: the first failing benchmark's, else 0.
 */
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const chosen = args.filter((a) => !a.startsWith('--'));
const unknown = chosen.filter((n) => !(BENCH_SCRIPTS as readonly string[]).includes(n));
if (unknown.length) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')} (choose from ${BENCH_SCRIPTS.join(', ')})\n`);
  process.exit(2);
}
const names = (chosen.length ? chosen : BENCH_SCRIPTS) as readonly BenchScript[];
let exitCode = 0;
for (const name of names) {
  process.stdout.write(`\n# bench/${name}.ts\n`);
  const started = performance.now();
  const code = await runBenchScript(name, flags, { stdout: process.stdout, stderr: process.stderr });
  process.stdout.write(`\n(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s, exit ${code})\n`);
  if (code !== 0 && exitCode === 0) exitCode = code;
}
process.exit(exitCode);
