import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { BACKENDS } from '../../../shared/fairness.js';
import { numberOption } from '../args.js';

export const benchEngineCommand: Command = {
  name: 'bench engine',
  summary: "Measure the engine's throughput: samples/s per backend and iterations/s per solver.",
  usage: 'bench engine [BACKEND ...] [--seconds S]',
  details: `
Runs bench/engine.ts (the engine's throughput benchmark, in its own process) on the paper task: per backend, the
samples per second of an SGD step at batch 64 / 1024 / 16384, and the iterations per second of every solver at
its default batch size. Prints Markdown tables. Needs a source checkout (bench/ is not shipped in the app).

Arguments:
  BACKEND ...   backends to measure: ${BACKENDS.filter((b) => b !== 'auto').join(', ')} (default: wasm cpu)

Options:
  --seconds S   measuring time per cell (default 2)`,
  options: { seconds: { type: 'string' } },
  positionals: [0, 4],
  async run(ctx, args) {
    const bad = args.positionals.filter((b) => b === 'auto' || !(BACKENDS as readonly string[]).includes(b));
    if (bad.length) throw new UsageError(`unknown backend(s) ${bad.join(', ')}; choose from ${BACKENDS.filter((b) => b !== 'auto').join(', ')}`);
    const seconds = numberOption(args, 'seconds', { min: 0, exclusiveMin: true });
    const { runBenchScript } = await import('../bench/bench-scripts.js');
    const code = await runBenchScript('engine', [...args.positionals, ...(seconds === undefined ? [] : [`--seconds=${seconds}`])], {
      stdout: ctx.stdout,
      stderr: ctx.stderr,
      signal: ctx.signal,
    });
    if (ctx.signal.aborted) return EXIT.cancelled;
    return code === 0 ? EXIT.ok : EXIT.failure;
  },
};
