import { PROJECT_SCHEMA_VERSION, type Project, type ProjectSummary } from '../../shared/project';

/** A project as main would send it (the contract validates it again when FakeMain replies). */
export function project(id: string, overrides: Partial<Project> = {}): Project {
  return {
    schemaVersion: PROJECT_SCHEMA_VERSION,
    id,
    name: `Project ${id}`,
    createdAt: '2026-11-30T10:00:00.000Z',
    modifiedAt: '2026-11-30T10:00:00.000Z',
    dataset: null,
    task: null,
    jobs: [],
    modelRun: null,
    ...overrides,
  };
}

export function summary(id: string, name = `Project ${id}`): ProjectSummary {
  return { status: 'ok', id, name, datasetName: null, modifiedAt: '2026-11-30T10:00:00.000Z', lastJobStatus: null };
}
