import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../main/core/engine/backend.js';
import { tf } from '../../../../main/core/engine/tf.js';

/**
 * engine/tf.ts loads tfjs-core's gradient registrations from a vendored esbuild bundle of the published
 * `dist/register_all_gradients.js` (Node cannot import that module: its imports have no file extensions). The bundle
 * carries its own copy of the tfjs-core code it needs, so it is correct only while (1) it registers every gradient the
 * installed tfjs-core defines, into (2) the registry and engine the Node entry uses. These tests check both, so a
 * tfjs-core upgrade without regenerating the bundle (command in tf.ts) fails here.
 */
const coreDist = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-core'));

/** Kernel names of every gradient config the installed register_all_gradients.js registers. */
function installedGradientKernels(): string[] {
  const registerAll = readFileSync(path.join(coreDist, 'register_all_gradients.js'), 'utf8');
  const kernelNames = readFileSync(path.join(coreDist, 'kernel_names.js'), 'utf8');
  const valueOf = (ident: string): string => {
    const m = new RegExp(`export const ${ident} = '([^']+)'`).exec(kernelNames);
    if (!m) throw new Error(`kernel name ${ident} not found in kernel_names.js`);
    return m[1]!;
  };
  return [...registerAll.matchAll(/import \{ (\w+) \} from '\.\/gradients\/(\w+)'/g)].map(([, config, file]) => {
    const source = readFileSync(path.join(coreDist, 'gradients', `${file}.js`), 'utf8');
    const ident = new RegExp(`export const ${config} = \\{\\s*kernelName: (\\w+)`).exec(source)?.[1];
    if (!ident) throw new Error(`${config} has no kernelName in gradients/${file}.js`);
    return valueOf(ident);
  });
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('vendored tfjs gradient registrations (engine/tf.ts)', () => {
  it('register a gradient for every kernel the installed tfjs-core has one for', () => {
    const kernels = installedGradientKernels();
    expect(kernels.length).toBeGreaterThan(90);
    expect(kernels.filter((k) => tf.getGradient(k) === undefined)).toEqual([]);
  });

  it('share the Node entry’s engine: tf.grad through them gives the analytic derivative', () => {
    const engines = (globalThis as { _tfengine?: unknown })._tfengine;
    expect(engines).toBe(tf.engine());
    const x = tf.tensor1d([-2, -0.5, 0, 1.5]);
    // d/dx Σ softplus(x)·sigmoid(x) = σ(x)·σ(x) + softplus(x)·σ(x)(1 − σ(x))
    const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.softplus(v), tf.sigmoid(v))))(x);
    const expected = [-2, -0.5, 0, 1.5].map((v) => {
      const s = 1 / (1 + Math.exp(-v));
      return s * s + Math.log1p(Math.exp(v)) * s * (1 - s);
    });
    Array.from(grad.dataSync()).forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 5));
    tf.dispose([x, grad]);
  });
});
