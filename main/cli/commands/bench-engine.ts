import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { BACKENDS } from '../../../shared/fairness.js';
import { numberOption } from '../args.js';

export const benchEngineCommand: Command = {
  name: 'bench engine',
  summary: "Measure the engine's throughput: samples/s per backend and iterations/s per solver.",
  usage: 'bench engine [BACKEND ...] [--seconds S] [--repeats N] [--batches B,B,…]',
  details: `
Runs bench/engine.ts (the engine's throughput benchmark, in its own process) on the paper task: per backend, the
samples per second of an SGD step at batch 64 / 1024 / 16384, and the iterations per second of every solver at
its default batch size, each the median of N timed windows, with the ratio to the reference implementation where one
is known and the tensor count change over all timed steps (a leak shows as a positive number). On webgpu it also
prints, per solver, the GPU dispatches, queue submissions and GPU→CPU reads of one steady-state step. Prints Markdown
tables. For one-core figures pin it: \`taskset -c 0 npx fairbound bench engine wasm\`. Needs a source checkout
(bench/ is not shipped in the app).

Arguments:
  BACKEND ...   backends to measure: ${BACKENDS.filter((b) => b !== 'auto').join(', ')} (default: webgpu wasm cpu)

Options:
  --seconds S   length of one timed window (default 2)
  --repeats N   timed windows per cell (default 3)
  --batches B   SGD batch sizes, comma-separated (default 64,1024,16384; keep them small on a software GPU)`,
  options: { seconds: { type: 'string' }, repeats: { type: 'string' }, batches: { type: 'string' } },
  positionals: [0, 4],
  async run(ctx, args) {
    const bad = args.positionals.filter((b) => b === 'auto' || !(BACKENDS as readonly string[]).includes(b));
    if (bad.length)
      throw new UsageError(
        `unknown backend(s) ${bad.join(', ')}; choose from ${BACKENDS.filter((b) => b !== 'auto').join(', ')}`,
      );
    const seconds = numberOption(args, 'seconds', { min: 0, exclusiveMin: true });
    const repeats = numberOption(args, 'repeats', { min: 1, integer: true });
    const batches = typeof args.values.batches === 'string' ? args.values.batches : undefined;
    if (batches !== undefined && !/^[1-9]\d*(,[1-9]\d*)*$/.test(batches))
      throw new UsageError(`--batches: expected batch sizes like 64,1024, got "${batches}"`);
    const { runBenchScript } = await import('../bench/bench-scripts.js');
    const code = await runBenchScript(
      'engine',
      [
        ...args.positionals,
        ...(seconds === undefined ? [] : [`--seconds=${seconds}`]),
        ...(repeats === undefined ? [] : [`--repeats=${repeats}`]),
        ...(batches === undefined ? [] : [`--batches=${batches}`]),
      ],
      {
        stdout: ctx.stdout,
        stderr: ctx.stderr,
        signal: ctx.signal,
      },
    );
    if (ctx.signal.aborted) return EXIT.cancelled;
    return code === 0 ? EXIT.ok : EXIT.failure;
  },
};
