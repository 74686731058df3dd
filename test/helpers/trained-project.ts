import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { taskConfigSchema } from '../../shared/config/task-config.js';
import type { Project } from '../../shared/project.js';
import { createServices } from '../../main/core/compose.js';
import { repoRoot, sampleCsv } from './paths.js';

/** The sample's task, small: SSL-ALM for 60 iterations of an 8-unit network under a loss-gap constraint. */
const config = taskConfigSchema.parse({
  name: 'handler test',
  data: { path: sampleCsv, label: { column: 'PINCP', positive: ['True'] } },
  split: { test: 0.2, seed: 42 },
  groups: { attributes: [{ column: 'RAC1P', map: { '1': 'White', '*': 'Non-white' } }] },
  constraints: [{ kind: 'loss-gap', tolerance: 0.05 }],
  model: { hidden: [8] },
  solver: { name: 'ssl-alm', batchSize: 64 },
  budget: { iterations: 60 },
  backend: 'wasm',
});

/**
 * A fresh data folder with one project holding one finished job, `job-1` (run `job-1/0`), for handler tests (a project called `name`). The job
 * is trained by the CLI in a child process (tfjs-core's gradients need bin/fairbound.js's loader hook); `edit` may
 * change the project once the job is recorded.
 */
export async function projectWithTrainedJob(name: string, edit: (project: Project) => void = () => {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `fairbound-${name}-handlers-`));
  const composed = createServices({
    dataDir,
    resourcesDir: path.join(repoRoot, 'resources'),
    transport: 'http',
    appVersion: '0.0.0-test',
  });
  const { services } = composed;
  const projectId = (await services.projects.create(name)).id;
  const jobDir = path.join(services.projects.dir(projectId), 'runs', 'job-1');
  await mkdir(jobDir, { recursive: true });
  const file = path.join(dataDir, 'config.json');
  await writeFile(file, JSON.stringify(config));
  execFileSync(process.execPath, [path.join(repoRoot, 'bin/fairbound.js'), 'run', file, '--out', jobDir], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
  await services.projects.update(projectId, (p) => {
    p.jobs.push({
      id: 'job-1',
      label: 'SSL-ALM',
      createdAt: new Date().toISOString(),
      status: 'completed',
      config,
      summary: null,
    });
    edit(p);
  });
  return { dataDir, composed, services, projectId };
}
