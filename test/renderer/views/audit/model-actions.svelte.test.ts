import { describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../../../shared/ipc/contract';
import { ModelActions } from '../../../../renderer/src/views/audit/model-actions.svelte';
import { FakeMain } from '../../fake-main';

/** A reply the test releases when it has looked at the state in the middle of the wait. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const scored: ResponseOf<'models:score'> = {
  outPath: '/p/exports/scores.csv',
  rows: 3,
  predictedPositive: 1,
  groups: true,
  unseen: [],
  notes: [],
};

describe('ModelActions waits', () => {
  it('names what an ONNX export is doing while it runs, and nothing once it ends', async () => {
    const reply = deferred<ResponseOf<'models:export'>>();
    const main = new FakeMain().handle('models:export', () => reply.promise);
    const actions = new ModelActions('p1', main.api);
    const done = actions.exportOnnx('job/0');
    expect(actions.busy).toBe('export');
    expect(actions.stage).toBe('Exporting the model to ONNX');
    reply.resolve({ onnxPath: '/p/exports/model.onnx', onnxBytes: 10, cardPath: null, warnings: [] });
    await done;
    expect(actions.stage).toBeNull();
    expect(actions.busy).toBeNull();
    expect(actions.exported?.onnxPath).toBe('/p/exports/model.onnx');
  });

  it('scoring a file names its steps, reading then scoring, and clears them on an error', async () => {
    const reply = deferred<ResponseOf<'models:score'> | { error: { code: 'io-error'; message: string } }>();
    let scoring: string | null = null;
    const main = new FakeMain().handle('models:score', () => {
      scoring = actions.stage;
      return reply.promise;
    });
    const actions = new ModelActions('p1', main.api);
    const done = actions.scoreFile('job/0', new File(['a\n1\n'], 'people.csv'));
    expect(actions.stage).toBe('Scoring people.csv: reading the file');
    await expect.poll(() => scoring).toBe('Scoring people.csv: running the model on every row');
    reply.resolve({ error: { code: 'io-error', message: 'disk full' } });
    await done;
    expect(actions.stage).toBeNull();
    expect(actions.error?.message).toBe('disk full');

    const again = new FakeMain().handle('models:score', scored);
    const ok = new ModelActions('p1', again.api);
    await ok.scoreFile('job/0', new File(['a\n1\n'], 'people.csv'));
    expect(ok.stage).toBeNull();
    expect(ok.scored?.rows).toBe(3);
  });
});
