import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskConfig } from '../../../../shared/config/task-config.js';
import type { FsProjectRepository } from '../../../../main/core/projects/fs-repository.js';
import { JobManager } from '../../../../main/core/training/job-manager.js';
import { createProcessEngineHost } from '../../../../main/worker/process-host.js';
import { loadAcsSampleTask } from '../../../helpers/acs-sample-task.js';
import { isAlive, recordingLaunch } from '../../../helpers/training-processes.js';
import { RecordingSink, tempProject, testConfig } from './fakes.js';

let dir: string;
let repo: FsProjectRepository;
let projectId: string;

beforeEach(async () => {
  ({ dir, repo, projectId } = await tempProject('fb-isolation-', 'isolation'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The job manager on the real process host (child_process transport), recording the processes it starts. */
function managerOnProcesses(): {
  jobs: JobManager;
  sink: RecordingSink;
  launched: ReturnType<typeof recordingLaunch>['launched'];
} {
  const { launch, launched } = recordingLaunch();
  const sink = new RecordingSink();
  const jobs = new JobManager({
    projects: repo,
    events: sink,
    engine: createProcessEngineHost({ launch }),
    prepare: async (config) => loadAcsSampleTask(config, 2_000),
  });
  return { jobs, sink, launched };
}

const sgd = (budget: TaskConfig['budget']): { label: string; config: TaskConfig } => ({
  label: 'sgd',
  config: testConfig({ solver: { name: 'sgd', batchSize: 8, params: {} }, budget, runs: 1, backend: 'wasm' }),
});

async function trainingStarted(sink: RecordingSink, jobId: string): Promise<void> {
  while (
    !sink.of('training:progress').some((p) => p.jobId === jobId && p.phase === 'training' && p.points.length > 0)
  ) {
    const final = sink
      .of('training:job')
      .find((e) => e.job.id === jobId && !['queued', 'running', 'paused'].includes(e.job.status));
    if (final) throw new Error(`job ${jobId} ended before training: ${final.job.status} ${final.job.message ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function record(jobId: string) {
  return (await repo.get(projectId)).jobs.find((r) => r.id === jobId);
}

describe('JobManager on the process engine host', () => {
  it('records a job whose training process was killed as failed with the reason, and runs the next queued job', async () => {
    const { jobs, sink, launched } = managerOnProcesses();
    const [killed, next] = await jobs.enqueue(projectId, [sgd({ seconds: 60 }), sgd({ iterations: 20 })]);
    await trainingStarted(sink, killed!);
    process.kill(launched[0]!.process.pid!, 'SIGKILL');
    await jobs.whenIdle();

    expect(await record(killed!)).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(
        /^The training process stopped unexpectedly before the job finished \(signal SIGKILL\); the app itself was not affected/,
      ),
    });
    expect(await record(next!)).toMatchObject({ status: 'completed' });
    expect(launched).toHaveLength(2);
    await jobs.dispose();
  });

  it('dispose (what the host does on close) leaves no training process behind', async () => {
    const { jobs, sink, launched } = managerOnProcesses();
    const [running] = await jobs.enqueue(projectId, [sgd({ seconds: 60 })]);
    await trainingStarted(sink, running!);
    const pid = launched[0]!.process.pid!;
    await jobs.dispose();
    expect(isAlive(pid)).toBe(false);
    expect(await record(running!)).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/^interrupted: the app stopped/),
    });
  });
});
