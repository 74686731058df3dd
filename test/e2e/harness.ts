import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { Result } from '../../shared/errors.js';
import { CHROMIUM_ARGS } from '../../main/core/chromium.js';
import { artifactsDir, repoRoot } from '../helpers/paths.js';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

let rendererChecked = false;

/** Builds dist/renderer when it is missing or older than its sources (scripts/build-renderer.mjs; once per process). */
export function ensureRendererBuilt(): void {
  if (rendererChecked) return;
  // flock: helpers share the checkout, and a parallel build would empty dist/renderer under another build.
  const build = spawnSync(
    'flock',
    ['/tmp/fairbound-renderer-build.lock', process.execPath, path.join(repoRoot, 'scripts', 'build-renderer.mjs')],
    {
      cwd: repoRoot,
      stdio: 'pipe',
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) throw new Error(`Renderer build failed:\n${build.stdout}\n${build.stderr}`);
  rendererChecked = true;
}

export interface HeadlessHost {
  /** Current launch's URL (http://127.0.0.1:PORT/?token=...) and token; the data folder keeps both across restarts. */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  readonly dataDir: string;
  /** stdout + stderr of the current process, for failure messages. */
  readonly output: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
  /** Stops the process and starts a new one on the same data folder and port. */
  restart(): Promise<void>;
}

export interface StartHeadlessHostOptions {
  /** Default: a fresh temporary folder. */
  dataDir?: string;
  /** Create a project from the bundled sample when there is none. */
  sample?: boolean;
  port?: number;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

function launch(dataDir: string, port: number, options: StartHeadlessHostOptions) {
  const args = [
    '--import',
    'tsx',
    path.join(repoRoot, 'main/host/start.ts'),
    '--data-dir',
    dataDir,
    '--port',
    String(port),
  ];
  if (options.sample === true) args.push('--sample');
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { output: '' };
  const ready = new Promise<{ url: string; token: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Host did not start in time:\n${state.output}`)),
      options.startTimeoutMs ?? 60_000,
    );
    const onData = (chunk: Buffer) => {
      state.output += chunk.toString();
      const match = /Fairbound is running at (http:\/\/\S+:(\d+)\/\?token=(\S+))/.exec(state.output);
      if (match?.[1] !== undefined && match[2] !== undefined && match[3] !== undefined) {
        clearTimeout(timer);
        resolve({ url: match[1], port: Number(match[2]), token: match[3] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Host exited (${code ?? signal}) before it was ready:\n${state.output}`));
    });
  });
  return { child, state, ready };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Spawns the real headless host (tsx main/host/start.ts) as a child process on a free port and a temp data dir. */
export async function startHeadlessHost(options: StartHeadlessHostOptions = {}): Promise<HeadlessHost> {
  ensureRendererBuilt();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'fairbound-e2e-'));
  let current = launch(dataDir, options.port ?? 0, options);
  let info = await current.ready;
  return {
    get url() {
      return info.url;
    },
    get token() {
      return info.token;
    },
    get port() {
      return info.port;
    },
    get output() {
      return current.state.output;
    },
    get process() {
      return current.child;
    },
    dataDir,
    stop: () => stopChild(current.child),
    async restart() {
      await stopChild(current.child);
      current = launch(dataDir, info.port, options);
      info = await current.ready;
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
  /** Closes the browser; with traceName, first saves a Playwright trace to test-artifacts/<traceName>.zip (for failures). */
  close(traceName?: string): Promise<void>;
}

/** Chromium (playwright-core, system binary) on the host's URL, waiting for body[data-app-state="ready"]. */
export async function launchBrowser(
  url: string,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  await context.tracing.start({ screenshots: true, snapshots: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  await page.waitForSelector('[data-app-state="ready"]', { timeout: 30_000 });
  return {
    browser,
    page,
    errors,
    async close(traceName) {
      if (traceName !== undefined) {
        mkdirSync(artifactsDir, { recursive: true });
        await context.tracing.stop({ path: path.join(artifactsDir, `${traceName}.zip`) });
      }
      await browser.close();
    },
  };
}

/** Full-page PNG under test-artifacts/<name>.png (gitignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface WsClient {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Sends raw text and resolves with the next reply carrying replyId (null: the host could not read an id). */
  sendRaw(text: string, replyId?: string | number | null): Promise<unknown>;
  /** Every {event, payload} pushed so far. */
  events: { event: string; payload: unknown }[];
  close(): void;
}

/** A Node client speaking the renderer's WebSocket protocol to a running host: its Origin, its token subprotocol. */
export async function connectWs(host: { port: number; token: string }): Promise<WsClient> {
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, ['fairbound', `fairbound-token.${host.token}`], {
    origin: `http://127.0.0.1:${host.port}`,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waiting = new Map<string | number | null, ((reply: unknown) => void)[]>();
  const events: { event: string; payload: unknown }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as {
      id?: string | number | null;
      result?: unknown;
      event?: string;
      payload?: unknown;
    };
    if (typeof message.event === 'string') {
      events.push({ event: message.event, payload: message.payload });
      return;
    }
    const queue = waiting.get(message.id ?? null);
    const next = queue?.shift();
    next?.(message);
  });
  let nextId = 1;
  const expect = (id: string | number | null) =>
    new Promise<unknown>((resolve) => {
      const queue = waiting.get(id) ?? [];
      queue.push(resolve);
      waiting.set(id, queue);
    });
  return {
    async invoke(channel, payload) {
      const id = nextId++;
      const reply = expect(id);
      socket.send(JSON.stringify({ id, channel, payload }));
      return ((await reply) as { result: Result<unknown> }).result;
    },
    sendRaw(text, replyId = null) {
      const reply = expect(replyId);
      socket.send(text);
      return reply;
    },
    events,
    close: () => socket.close(),
  };
}

/** Creates a project through the host (empty, or importing the bundled sample) and resolves with its id. */
export async function createProject(
  ws: WsClient,
  name: string,
  options: { fromSample?: boolean } = {},
): Promise<string> {
  const created = await ws.invoke('projects:create', { name, ...options });
  if (!created.ok) throw new Error(`projects:create failed: ${created.error.message}`);
  return (created.data as { id: string }).id;
}

/** Resolves once the project's dataset has been imported (its summary can be read). */
async function datasetImported(ws: WsClient, projectId: string): Promise<void> {
  await expect
    .poll(async () => (await ws.invoke('datasets:summary', { projectId })).ok, { timeout: 120_000, interval: 200 })
    .toBe(true);
}

/** Creates a project from the bundled sample through the host and resolves with its id once the dataset is imported. */
export async function createSampleProject(ws: WsClient, name: string): Promise<string> {
  const projectId = await createProject(ws, name, { fromSample: true });
  await datasetImported(ws, projectId);
  return projectId;
}

/**
 * Imports a file by path, as the Electron shell hands over a picked file (the host must allow its folder: the fixture
 * allows the temp folder), and resolves once the import has finished.
 */
export async function importByPath(ws: WsClient, projectId: string, file: string): Promise<void> {
  const started = await ws.invoke('datasets:import', { projectId, source: { kind: 'path', path: file } });
  if (!started.ok) throw new Error(`datasets:import failed: ${started.error.message}`);
  await datasetImported(ws, projectId);
}

/**
 * Starts training on a project through the training channels, as the Train tab does: its saved settings with
 * `overrides`, one job per solver.
 */
export async function startJobs(
  ws: WsClient,
  projectId: string,
  overrides: Record<string, unknown>,
  solvers: string[],
): Promise<void> {
  const setup = await ws.invoke('training:setup', { projectId });
  if (!setup.ok) throw new Error(`training:setup failed: ${setup.error.message}`);
  const settings = (setup.data as { settings: Record<string, unknown> }).settings;
  const saved = await ws.invoke('training:save-settings', { projectId, settings: { ...settings, ...overrides } });
  if (!saved.ok) throw new Error(`training:save-settings failed: ${saved.error.message}`);
  const started = await ws.invoke('training:start', { projectId, sweep: { solvers } });
  if (!started.ok) throw new Error(`training:start failed: ${started.error.message}`);
}

/** Resolves once `count` of the project's jobs have completed. */
export async function jobsCompleted(ws: WsClient, projectId: string, count: number): Promise<void> {
  const completed = async (): Promise<number> => {
    const list = await ws.invoke('training:list', { projectId });
    return list.ok
      ? (list.data as { jobs: { status: string }[] }).jobs.filter((j) => j.status === 'completed').length
      : -1;
  };
  await expect.poll(completed, { timeout: 180_000, interval: 1000 }).toBe(count);
}

/** Settings overrides for a short SSL-ALM job on the CPU (WebAssembly): a model to look at within seconds. */
export function shortTraining(hidden: number[], iterations: number): Record<string, unknown> {
  return {
    model: { hidden },
    solver: { name: 'ssl-alm', batchSize: 64, params: {} },
    budget: { iterations },
    runs: 1,
    backend: 'wasm',
  };
}

/** startJobs, then waits until every job has completed. */
export async function trainJobs(
  ws: WsClient,
  projectId: string,
  overrides: Record<string, unknown>,
  solvers: string[],
): Promise<void> {
  await startJobs(ws, projectId, overrides, solvers);
  await jobsCompleted(ws, projectId, solvers.length);
}

/** An element's text as the page shows it: runs of whitespace (e.g. a template's line breaks) read as one space. */
export function squash(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
