import type { Logger } from './log/logger.js';
import type { EventSink } from './ipc/handler-types.js';
import type { ProjectRepository } from './projects/repository.js';
import type { SettingsStore } from './settings/settings-store.js';
import type { PathAccess } from './uploads/path-access.js';

/** Long-lived services shared by every domain's handlers; built once by the composition root (main/core/compose.ts). */
export interface Services {
  appVersion: string;
  transport: 'electron' | 'http';
  /** Root of all user data (settings, projects, uploads). */
  dataDir: string;
  /** Folder holding bundled resources (the bundled sample is in resources/sample/). */
  resourcesDir: string;
  projects: ProjectRepository;
  events: EventSink;
  /** Resolves an uploaded file (headless mode) to a path on disk; throws 'not-found'. */
  resolveUpload(uploadId: string): Promise<{ path: string; name: string }>;
  /** Which paths a request may name for main to read (dataset and config imports by path). */
  pathAccess: PathAccess;
  /** Preferences and the projects index (never project data). */
  settings: SettingsStore;
  log: Logger;
}
