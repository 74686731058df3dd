import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Services } from '../../core/services.js';
import { stringOption } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

const DATA_DIR_HELP = `  --data-dir DIR  the app's data folder (default $FAIRBOUND_DATA_DIR or the platform's user-data folder)`;

/** The same services the app builds (projects, settings, logs) over a data folder. */
async function servicesFor(dataDirOption: string | undefined): Promise<Services> {
  const { createServices } = await import('../../core/compose.js');
  const { defaultDataDir } = await import('../../core/settings/data-dir.js');
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  const dataDir = path.resolve(dataDirOption ?? defaultDataDir());
  return createServices({
    dataDir,
    resourcesDir: fileURLToPath(new URL('../../../resources', import.meta.url)),
    transport: 'http',
    appVersion: pkg.version ?? '0.0.0',
  }).services;
}

export const projectExportCommand: Command = {
  name: 'project export',
  summary: "Write an app project's task as a task config (JSON) to run with `fairbound run`.",
  usage: 'project export PROJECT_ID [--data-dir DIR] [--out FILE]',
  details: `
Reads the project from the app's data folder and prints its task config (data.path = the dataset's original file),
or writes it to FILE. The project id is the project's folder name under DIR/projects/.

Options:
${DATA_DIR_HELP}
  --out FILE      write the config here instead of stdout`,
  options: { 'data-dir': { type: 'string' }, out: { type: 'string', short: 'o' } },
  positionals: [1, 1],
  async run(ctx, args) {
    const { projectToConfig } = await import('../../core/configs/project-config.js');
    const services = await servicesFor(stringOption(args, 'data-dir'));
    const exported = projectToConfig(await services.projects.get(args.positionals[0]!));
    for (const warning of exported.warnings) ctx.stderr.write(`warning: ${warning}\n`);
    const out = stringOption(args, 'out');
    if (out === undefined) {
      ctx.emit(exported, exported.json);
      return EXIT.ok;
    }
    await writeFile(out, exported.json);
    ctx.emit({ ...exported, file: path.resolve(out) }, `Wrote ${path.resolve(out)}`);
    return EXIT.ok;
  },
};

export const projectImportCommand: Command = {
  name: 'project import',
  summary: 'Create an app project from a task config: imports its dataset and stores the task.',
  usage: 'project import CONFIG.json [--data-dir DIR] [--name NAME]',
  details: `
Validates the config (data.path relative to the config's folder), creates a project in the app's data folder,
imports the dataset into it and stores the config as the project's task, ready to train in the app.

Options:
${DATA_DIR_HELP}
  --name NAME     project name (default: the config's name, else the data file's name)`,
  options: { 'data-dir': { type: 'string' }, name: { type: 'string' } },
  positionals: [1, 1],
  async run(ctx, args) {
    const { readConfigFile } = await import('../../core/configs/config-file.js');
    const { configToProject } = await import('../../core/configs/project-config.js');
    const { importDataset } = await import('../../core/data/import.js');
    const config = await readConfigFile(args.positionals[0]!);
    const services = await servicesFor(stringOption(args, 'data-dir'));
    const name = stringOption(args, 'name');
    const progress = ctx.progress();
    progress.update(0, 'importing dataset');
    const created = await configToProject(
      config,
      {
        projects: services.projects,
        importDataset: (dir, file, opts) =>
          importDataset(dir, file, {
            ...opts,
            onProgress: (f, phase) => progress.update(f, `importing dataset: ${phase}`),
          }),
      },
      { ...(name === undefined ? {} : { name }), signal: ctx.signal },
    );
    progress.done();
    ctx.emit(
      { ...created, dataDir: services.dataDir },
      `Created project "${created.name}" (${created.projectId}) in ${services.dataDir}`,
    );
    return EXIT.ok;
  },
};
