import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperTaskConfig } from '../../../shared/config/task-config.js';
import { projectSchema, type Project } from '../../../shared/project.js';
import { mulberry32 } from '../../../shared/random.js';
import { connectWs, type WsClient } from '../../e2e/harness.js';
import { repoRoot, sampleCsv } from '../../helpers/paths.js';

/**
 * Crash consistency: the real headless host is SIGKILLed (with its training processes) at random moments while
 * projects are created, renamed, given a task, imported into and trained, KILLS times over two data folders. After
 * every restart: each project.json parses, no project appears that was never asked for, no temp or staging file
 * survives, and every write the host acknowledged is there.
 */
/** 50 by default; FAIRBOUND_CRASH_KILLS=N for a quicker look while working on this test. */
const KILLS = Number(process.env['FAIRBOUND_CRASH_KILLS'] ?? 50);
const SEED = 1_402;
const bundleDir = path.join(repoRoot, 'dist', 'crash-test');
const hostBundle = path.join(bundleDir, 'host.mjs');

let root = '';
let dataFile = '';
const children = new Set<ChildProcess>();

beforeAll(async () => {
  // Bundled once (tsx would compile the sources again at each of the 50 starts).
  const requireShim =
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    logLevel: 'warning' as const,
    banner: { js: requireShim },
    external: ['electron', '@duckdb/*', '@tensorflow/*', 'webgpu', 'highs', 'playwright-core'],
  };
  mkdirSync(bundleDir, { recursive: true });
  await build({
    ...common,
    entryPoints: [path.join(repoRoot, 'test/main/host/fixtures/host-process.ts')],
    outfile: hostBundle,
  });
  // The training process entry must sit beside the bundle (main/worker/process-host.ts looks for it there).
  await build({
    ...common,
    entryPoints: [path.join(repoRoot, 'main/worker/training-entry.ts')],
    outfile: path.join(bundleDir, 'training-entry.js'),
  });
  root = mkdtempSync(path.join(os.tmpdir(), 'fairbound-crash-'));
  // 400 rows of the sample: imports in a moment and trains under the paper's task.
  const lines = readFileSync(sampleCsv, 'utf8').split('\n');
  mkdirSync(path.join(root, 'files'));
  dataFile = path.join(root, 'files', 'acs-400.csv');
  writeFileSync(dataFile, `${lines.slice(0, 401).join('\n')}\n`);
}, 120_000);

afterAll(() => {
  for (const child of children)
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
      process.kill(-child.pid, 'SIGKILL');
});

async function launch(dataDir: string): Promise<{ child: ChildProcess; port: number; token: string }> {
  const started = spawn(
    process.execPath,
    ['--input-type=module', '-e', `await import(${JSON.stringify(hostBundle)})`, dataDir],
    {
      cwd: repoRoot,
      // Its own process group: the kill takes the training processes with it, as a power cut would.
      detached: true,
      env: { ...process.env, FAIRBOUND_ALLOW_DIRS: path.dirname(dataFile) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(started);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\d+) (\S+)/.exec(output);
      if (match !== null) resolve({ child: started, port: Number(match[1]), token: match[2] ?? '' });
    };
    started.stdout?.on('data', onData);
    started.stderr?.on('data', onData);
    started.once('exit', (code) => reject(new Error(`host exited (${code}) before it was ready:\n${output}`)));
  });
}

function kill(current: ChildProcess): Promise<void> {
  if (current.pid === undefined || current.exitCode !== null || current.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    current.once('exit', () => {
      children.delete(current);
      resolve();
    });
    process.kill(-current.pid!, 'SIGKILL');
  });
}

/** What the test was told: acknowledged writes must survive; requests in flight at the kill may or may not. */
interface Model {
  /** Per project: names in the order sent (the first is the create's), and the index of the last acknowledged one. */
  created: Map<string, { names: string[]; acked: number; task: boolean; dataset: boolean; runs: Set<string> }>;
  pendingNames: Set<string>;
}

function leftovers(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (/^\.(staging|trash)-/.test(entry.name) || /\.tmp$/.test(entry.name) || /\.part$/.test(entry.name))
      found.push(full);
    else if (entry.isDirectory()) leftovers(full, found);
  }
  return found;
}

function readProjects(dataDir: string): Map<string, Project> {
  const root = path.join(dataDir, 'projects');
  const projects = new Map<string, Project>();
  if (!existsSync(root)) return projects;
  for (const id of readdirSync(root).filter((name) => !name.startsWith('.'))) {
    const text = readFileSync(path.join(root, id, 'project.json'), 'utf8');
    projects.set(id, projectSchema.parse(JSON.parse(text)));
  }
  return projects;
}

type Counts = Record<
  'kills' | 'creates' | 'renames' | 'tasks' | 'imports' | 'trainings' | 'acked' | 'inFlightAtKill' | 'projects',
  number
>;

/** One data folder, killed and restarted `kills` times, checked after every restart. */
async function lane(dataDir: string, seed: number, kills: number, counts: Counts): Promise<void> {
  const rng = mulberry32(seed);
  const model: Model = { created: new Map(), pendingNames: new Set() };
  let nameCounter = 0;

  for (let cycle = 0; cycle <= kills; cycle++) {
    const address = await launch(dataDir);
    const ws: WsClient = await connectWs(address);

    // After the restart: the sweep has run (it is the first thing the host does) and everything acknowledged is there.
    await expect.poll(() => leftovers(dataDir), { timeout: 10_000 }).toEqual([]);
    const listed = await ws.invoke('projects:list', {});
    expect(listed.ok).toBe(true);
    const summaries = (listed as { data: { id: string; status: string }[] }).data;
    expect(
      summaries.filter((s) => s.status !== 'ok'),
      'damaged projects',
    ).toEqual([]);
    const onDisk = readProjects(dataDir);
    for (const [id, project] of onDisk) {
      const known = model.created.get(id);
      if (known === undefined) {
        // Only a create that was in flight at the kill may have landed without an acknowledgement.
        expect(model.pendingNames.has(project.name), `phantom project ${id} "${project.name}"`).toBe(true);
        model.created.set(id, { names: [project.name], acked: 0, task: false, dataset: false, runs: new Set() });
      }
    }
    for (const [id, known] of model.created) {
      const project = onDisk.get(id);
      expect(project, `acknowledged project ${id} lost`).toBeDefined();
      if (project === undefined) continue;
      // The last acknowledged name, or one sent after it that landed before the kill; never an older one.
      expect(
        known.names.indexOf(project.name),
        `${id}: name "${project.name}" (sent ${JSON.stringify(known.names)}, acknowledged #${known.acked})`,
      ).toBeGreaterThanOrEqual(known.acked);
      // From here on the disk is the truth for what was in flight.
      known.names = [project.name];
      known.acked = 0;
      if (known.task) expect(project.task, `${id}: acknowledged task lost`).not.toBeNull();
      if (known.dataset) {
        expect(project.dataset, `${id}: acknowledged import lost`).not.toBeNull();
        expect(existsSync(path.join(dataDir, 'projects', id, project.dataset?.cacheFile ?? 'missing'))).toBe(true);
      }
      for (const runId of known.runs)
        expect(
          project.jobs.map((r) => r.id),
          `${id}: acknowledged training job lost`,
        ).toContain(runId);
    }
    model.pendingNames.clear();
    if (cycle === kills) {
      ws.close();
      await kill(address.child);
      break;
    }

    // A random mix of writes, some acknowledged before the kill, some in flight when it lands.
    const ids = [...model.created.keys()];
    const withData = ids.filter((id) => model.created.get(id)?.dataset === true);
    const withoutData = ids.filter((id) => model.created.get(id)?.dataset !== true);
    const pickFrom = (list: string[]) => list[Math.floor(rng() * list.length)];
    const operations: Promise<void>[] = [];
    const operationCount = 1 + Math.floor(rng() * 3);
    for (let n = 0; n < operationCount; n++) {
      const roll = rng();
      const target =
        roll < 0.45
          ? pickFrom(ids)
          : roll < 0.7
            ? (pickFrom(withoutData) ?? pickFrom(ids))
            : (pickFrom(withData) ?? pickFrom(ids));
      if (roll < 0.25 || target === undefined) {
        const name = `Project ${nameCounter++}`;
        model.pendingNames.add(name);
        counts.creates++;
        operations.push(
          ws.invoke('projects:create', { name }).then((result) => {
            if (!result.ok) return;
            counts.acked++;
            const id = (result.data as { id: string }).id;
            model.created.set(id, { names: [name], acked: 0, task: false, dataset: false, runs: new Set() });
          }),
        );
      } else if (roll < 0.45) {
        const name = `Renamed ${nameCounter++}`;
        const known = model.created.get(target)!;
        const index = known.names.push(name) - 1;
        counts.renames++;
        operations.push(
          ws.invoke('projects:rename', { id: target, name }).then((result) => {
            if (!result.ok) return;
            counts.acked++;
            known.acked = Math.max(known.acked, index);
          }),
        );
      } else if (roll < 0.7) {
        counts.imports++;
        const known = model.created.get(target)!;
        operations.push(
          ws
            .invoke('datasets:import', { projectId: target, source: { kind: 'path', path: dataFile } })
            .then(async (result) => {
              if (!result.ok) return;
              const jobId = (result.data as { jobId: string }).jobId;
              for (let i = 0; i < 400; i++) {
                const done = ws.events.find(
                  (e) => e.event === 'datasets:finished' && (e.payload as { jobId: string }).jobId === jobId,
                );
                if (done !== undefined) {
                  if ((done.payload as { ok: boolean }).ok) {
                    counts.acked++;
                    known.dataset = true;
                  }
                  return;
                }
                await new Promise((resolve) => setTimeout(resolve, 25));
              }
            }),
        );
      } else {
        const known = model.created.get(target)!;
        counts.tasks++;
        const task = { ...paperTaskConfig(dataFile), budget: { seconds: 2 }, runs: 1, backend: 'cpu' };
        operations.push(
          ws.invoke('projects:update-task', { id: target, task }).then(async (result) => {
            if (!result.ok) return;
            counts.acked++;
            known.task = true;
            if (!known.dataset) return;
            counts.trainings++;
            const started = await ws.invoke('training:start', { projectId: target });
            if (!started.ok) return;
            counts.acked++;
            for (const id of (started.data as { jobIds: string[] }).jobIds) known.runs.add(id);
          }),
        );
      }
    }
    let settled = 0;
    for (const operation of operations) void operation.finally(() => settled++);
    // Mostly early kills (mid-request); one in four later, once imports finish and training runs.
    await new Promise((resolve) => setTimeout(resolve, rng() < 0.25 ? 1_500 + rng() * 2_500 : 20 + rng() * 700));
    const inFlight = operations.length - settled;
    await kill(address.child);
    counts.inFlightAtKill += inFlight;
    counts.kills++;
    ws.close();
  }
  counts.projects += model.created.size;
}

describe(`crash consistency: ${KILLS} SIGKILLs of the headless host mid-write`, () => {
  it('keeps every project whole, invents none, leaves no temp file and loses no acknowledged write', async () => {
    const counts: Counts = {
      kills: 0,
      creates: 0,
      renames: 0,
      tasks: 0,
      imports: 0,
      trainings: 0,
      acked: 0,
      inFlightAtKill: 0,
      projects: 0,
    };
    // Two data folders at once: restarts (loading DuckDB and tfjs) dominate the time, and two overlap well.
    const lanes = [Math.ceil(KILLS / 2), Math.floor(KILLS / 2)];
    await Promise.all(lanes.map((kills, index) => lane(path.join(root, `data-${index}`), SEED + index, kills, counts)));
    process.stdout.write(`crash consistency: ${JSON.stringify(counts)}\n`);
    expect(counts.kills).toBe(KILLS);
  }, 900_000);
});
