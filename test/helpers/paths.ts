import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_DATASET_FILE } from '../../shared/config/task-config.js';

/** Repository root, the read-only real datasets beside it (../shared/data), and the bundled sample. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedData = path.resolve(repoRoot, '../shared/data');
export const sampleCsv = path.join(repoRoot, 'resources/sample', SAMPLE_DATASET_FILE);
export const hasSharedData = existsSync(sharedData);
export const artifactsDir = path.join(repoRoot, 'test-artifacts');
