import path from 'node:path';
import { auditHandlers } from './audit/handlers.js';
import type { PdfPrinter } from './audit/pdf-printer.js';
import { configsHandlers } from './configs/handlers.js';
import { datasetsHandlers, importSampleIntoProject } from './data/handlers.js';
import { modelsHandlers } from './export/handlers.js';
import { appHandlers } from './ipc/app-handlers.js';
import { createDispatcher, type Dispatch } from './ipc/dispatcher.js';
import { EventHub } from './ipc/event-hub.js';
import type { HandlerMap } from './ipc/handler-types.js';
import { createLogger, type Logger } from './log/logger.js';
import { claimDataDir } from './projects/data-dir-claim.js';
import { FsProjectRepository } from './projects/fs-repository.js';
import { projectsHandlers } from './projects/handlers.js';
import type { Services } from './services.js';
import { settingsHandlers } from './settings/handlers.js';
import { openSettings, plainConf, type ConfFactory } from './settings/settings-store.js';
import { createTrainingDomain } from './training/handlers.js';
import { defaultTrainingDeps } from './training/training-deps.js';
import { unrestrictedPathAccess, type PathAccess } from './uploads/path-access.js';
import { resolveUpload } from './uploads/upload-store.js';
// The composition root is the one module of main/core that may reach main/worker: it builds the process engine host.
import { createProcessEngineHost } from '../worker/process-host.js';
import type { LaunchTrainingProcess } from '../worker/training-process.js';

export interface ComposeOptions {
  dataDir: string;
  resourcesDir: string;
  transport: 'electron' | 'http';
  appVersion: string;
  /** conf in plain Node, electron-store in the shell. */
  settingsFactory?: ConfFactory;
  log?: Logger;
  /** Validate responses and events against the contract (default: on unless NODE_ENV is 'production'). */
  strict?: boolean;
  /** Prints audit reports; default headless Chromium, the Electron shell passes webContents.printToPDF. */
  pdfPrinter?: () => PdfPrinter;
  /** Starts a job's training process; default child_process.fork, the Electron shell passes utilityProcess. */
  launchTraining?: LaunchTrainingProcess;
  /** Paths a request may name (default: any; the shell passes its grant list, the headless host its allowed folders). */
  pathAccess?: PathAccess;
}

export interface ComposedHost {
  services: Services;
  handlers: HandlerMap;
  dispatch: Dispatch;
  /** Adapters subscribe here to push events to their renderers. */
  events: EventHub;
  /** Cancels training jobs in flight (their runs are recorded as cancelled) and ends every training process. */
  close(): Promise<void>;
}

/** Leftovers of a process that may still be running are removed only after this long. */
const STALE_LEFTOVER_MS = 15 * 60_000;

/** Builds the Services every domain shares. Tests use this directly with a temporary dataDir. */
export function createServices(options: ComposeOptions): { services: Services; events: EventHub } {
  const strict = options.strict ?? process.env['NODE_ENV'] !== 'production';
  const log = options.log ?? createLogger({ dir: path.join(options.dataDir, 'logs') });
  const events = new EventHub(log, strict);
  const settings = openSettings(options.dataDir, options.settingsFactory ?? plainConf);
  const projects = new FsProjectRepository(path.join(options.dataDir, 'projects'), {
    nameHint: (id) => settings.get().projectNames[id],
    onChange(id, project) {
      settings.update((s) => {
        const projectNames = { ...s.projectNames };
        if (project === null) delete projectNames[id];
        else projectNames[id] = project.name;
        return { ...s, projectNames };
      });
      events.emit('projects:changed', { id, removed: project === null });
    },
  });
  const openedAt = Date.now();
  claimDataDir(options.dataDir)
    .then((owned) => projects.sweep(owned ? 0 : STALE_LEFTOVER_MS, openedAt))
    .then(
      (removed) => removed.length > 0 && log.log('info', 'Removed leftovers of interrupted writes', { removed }),
      (error: unknown) => log.log('warn', 'Could not sweep the projects folder', { error }),
    );
  const services: Services = {
    appVersion: options.appVersion,
    transport: options.transport,
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir,
    projects,
    events,
    settings,
    log,
    resolveUpload: (uploadId) => resolveUpload(options.dataDir, uploadId),
    pathAccess: options.pathAccess ?? unrestrictedPathAccess,
  };
  return { services, events };
}

/** The composition root: one Services, every domain's handlers merged into one map, one dispatcher. */
export function composeHost(options: ComposeOptions): ComposedHost {
  const { services, events } = createServices(options);
  const importSample = async (projectId: string): Promise<void> => {
    await importSampleIntoProject(services, projectId);
  };
  const training = createTrainingDomain(
    services,
    defaultTrainingDeps(createProcessEngineHost(options.launchTraining ? { launch: options.launchTraining } : {})),
  );
  const handlers: HandlerMap = {
    ...appHandlers(services),
    ...projectsHandlers(services, importSample),
    ...datasetsHandlers(services),
    ...training.handlers,
    ...auditHandlers(services, options.pdfPrinter ? { printer: options.pdfPrinter } : {}),
    ...modelsHandlers(services),
    ...configsHandlers(services),
    ...settingsHandlers(services),
  };
  const strict = options.strict ?? process.env['NODE_ENV'] !== 'production';
  const dispatch = createDispatcher(handlers, { log: services.log, validateResponses: strict });
  return { services, handlers, dispatch, events, close: () => training.manager.dispose() };
}
