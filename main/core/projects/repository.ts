import type { Project, ProjectSummary } from '../../../shared/project.js';

/**
 * Projects on disk: <dataDir>/projects/<id>/project.json plus datasets/, runs/, reports/.
 * Every write is atomic; updates to one project are serialised.
 */
export interface ProjectRepository {
  list(): Promise<ProjectSummary[]>;
  create(name: string): Promise<Project>;
  /** Throws FairboundError 'not-found' or 'project-damaged'. */
  get(id: string): Promise<Project>;
  /** Read-modify-write under a per-project lock; the mutator may return a new object or mutate in place. */
  update(id: string, mutate: (project: Project) => Project | void): Promise<Project>;
  rename(id: string, name: string): Promise<Project>;
  duplicate(id: string): Promise<Project>;
  remove(id: string): Promise<void>;
  /** Absolute path of the project's folder. */
  dir(id: string): string;
}
