import { availableParallelism } from 'node:os';
import type { Preferences, Settings } from '../../../shared/settings.js';

/** CPU cores this process may use: the most training jobs worth running at once. */
export function cpuCores(): number {
  return availableParallelism();
}

/** The preferences in force: a jobs-at-once saved on a machine with more cores is held to this one's count. */
export function effectivePreferences(settings: Settings, cores: number = cpuCores()): Preferences {
  return { jobsAtOnce: Math.min(settings.jobsAtOnce, cores) };
}
