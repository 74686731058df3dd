import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ForkOptions, UtilityProcess } from 'electron';
import { describe, expect, it } from 'vitest';
import { utilityTrainingProcess } from '../../../main/electron/training-process.js';
import type { TrainingToHost } from '../../../main/worker/messages.js';
import type { TrainingProcessEvents } from '../../../main/worker/training-process.js';

/** Stands in for an Electron UtilityProcess: the events and methods the adapter uses, recorded. */
class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  killCalls = 0;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killCalls++;
    return true;
  }
}

function launchOnFake() {
  const forks: { modulePath: string; args: string[]; options: ForkOptions }[] = [];
  const child = new FakeUtilityProcess();
  const launch = utilityTrainingProcess({
    fork(modulePath, args, options) {
      forks.push({ modulePath, args, options });
      return child as unknown as UtilityProcess;
    },
  });
  const seen = { messages: [] as TrainingToHost[], output: '', exits: [] as [number | null, string | null][] };
  const events: TrainingProcessEvents = {
    message: (m) => seen.messages.push(m),
    output: (text) => (seen.output += text),
    exit: (code, signal) => seen.exits.push([code, signal]),
  };
  return { process: launch('/app/dist/electron/training-entry.js', events), child, forks, seen };
}

describe('Electron utilityProcess transport for training processes', () => {
  it('forks the entry as a named utility process with piped output', () => {
    const { forks } = launchOnFake();
    expect(forks).toEqual([
      {
        modulePath: '/app/dist/electron/training-entry.js',
        args: [],
        options: { serviceName: 'Fairbound training', stdio: 'pipe' },
      },
    ]);
  });

  it('passes messages both ways, and reports output and the exit code', async () => {
    const { process: training, child, seen } = launchOnFake();
    training.send({ type: 'pause' });
    expect(child.posted).toEqual([{ type: 'pause' }]);

    const error: TrainingToHost = { type: 'error', error: { code: 'training-failed', message: 'boom' } };
    child.emit('message', error);
    expect(seen.messages).toEqual([error]);

    child.stderr.write('dawn: device lost\n');
    child.stdout.write('hello\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.output).toContain('dawn: device lost');
    expect(seen.output).toContain('hello');

    child.emit('error', 'FatalError', 'v8::Isolate::Abort', '{}');
    expect(seen.output).toContain('FatalError at v8::Isolate::Abort');
    child.emit('exit', 139);
    expect(seen.exits).toEqual([[139, null]]);
  });

  it('kills with SIGKILL by pid (a process stuck in native code may ignore the SIGTERM of child.kill())', async () => {
    const { process: training, child } = launchOnFake();
    const victim = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], {
      stdio: 'ignore',
    });
    await once(victim, 'spawn');
    child.pid = victim.pid;
    training.kill();
    const [, signal] = (await once(victim, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');
    expect(child.killCalls).toBe(0);
  });

  it('falls back to child.kill() while the process has no pid yet', () => {
    const { process: training, child } = launchOnFake();
    training.kill();
    expect(child.killCalls).toBe(1);
  });
});
