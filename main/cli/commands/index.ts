import type { Command } from '../command.js';
import { auditCommand } from './audit.js';
import { baselineCommand } from './baseline.js';
import { benchEngineCommand } from './bench-engine.js';
import { benchGeneralizationCommand } from './bench-generalization.js';
import { benchPaperCommand } from './bench-paper.js';
import { exportCommand } from './export.js';
import { inspectCommand } from './inspect.js';
import { predictCommand } from './predict.js';
import { projectExportCommand, projectImportCommand } from './project.js';
import { runCommand } from './run.js';
import { serveCommand } from './serve.js';

/** Every command, in the order `fairbound --help` lists them. */
export const COMMANDS: readonly Command[] = [
  inspectCommand,
  runCommand,
  auditCommand,
  exportCommand,
  predictCommand,
  baselineCommand,
  benchPaperCommand,
  benchEngineCommand,
  benchGeneralizationCommand,
  projectExportCommand,
  projectImportCommand,
  serveCommand,
];
