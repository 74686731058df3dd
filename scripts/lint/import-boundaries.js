// ESLint rule `fairbound/import-boundaries`: which folder may import which. Each import specifier (static, dynamic,
// re-export, require) is resolved to a repository path (relative specifiers) or kept as a package name, and checked
// against BOUNDARIES; the first matching boundary's bans apply. The layers are described in README.md ("Layout").
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const isNode = (t) => t.startsWith('node:') || isBuiltin(t);
const isPackage = (name) => (t) => t === name || t.startsWith(`${name}/`);
const under = (folder) => (t) => t === folder || t.startsWith(`${folder}/`);
const electron = {
  test: (t) => isPackage('electron')(t) || under('main/electron')(t),
  why: 'only main/electron may use Electron',
};
const tfjs = {
  test: isPackage('@tensorflow'),
  why: 'tfjs is loaded only by the engine (main/core/engine), in the training process',
};
const tests = {
  test: (t) => under('test')(t) || under('bench')(t),
  why: 'product code never depends on tests or benchmarks',
};
const renderer = {
  test: under('renderer'),
  why: 'the renderer is reached only through the IPC contract in shared/ipc',
};

/** Folder (repository path prefix) → banned targets. More specific folders come first. */
export const BOUNDARIES = [
  {
    folder: 'shared',
    bans: [
      { test: isNode, why: 'shared/ runs in the renderer too: no Node modules' },
      { test: (t) => under('main')(t) || under('renderer')(t), why: 'shared/ depends on no environment' },
      tests,
      {
        test: (t) => !under('shared')(t) && !isPackage('zod')(t),
        why: 'shared/ depends on zod only (no tfjs, DOM or Node libraries)',
      },
    ],
  },
  {
    folder: 'renderer/src',
    bans: [
      { test: under('main'), why: 'the renderer reaches main only through the IPC contract in shared/ipc' },
      { test: isNode, why: 'the renderer runs in a sandboxed page: no Node modules' },
      electron,
      tfjs,
      tests,
    ],
  },
  {
    folder: 'main/electron',
    bans: [{ test: under('main/cli'), why: 'the shell does not depend on the command line' }, renderer, tfjs, tests],
  },
  {
    folder: 'main/core/compose.ts',
    // The composition root builds the process engine host, so it alone in main/core may reach main/worker.
    bans: [
      {
        test: (t) => ['main/cli', 'main/host'].some((f) => under(f)(t)),
        why: 'main/core does not depend on its adapters',
      },
      electron,
      renderer,
      tfjs,
      tests,
    ],
  },
  { folder: 'main/core/engine', bans: [coreAdapters(), electron, renderer, tests] },
  { folder: 'main/core', bans: [coreAdapters(), electron, renderer, tfjs, tests] },
  {
    folder: 'main/worker',
    bans: [
      {
        test: (t) => ['main/cli', 'main/host'].some((f) => under(f)(t)),
        why: 'the training process does not depend on the adapters',
      },
      electron,
      renderer,
      tfjs,
      tests,
    ],
  },
  {
    folder: 'main/host',
    bans: [
      { test: under('main/cli'), why: 'the headless host does not depend on the command line' },
      electron,
      renderer,
      tfjs,
      tests,
    ],
  },
  { folder: 'main/cli', bans: [electron, renderer, tfjs, tests] },
  {
    folder: 'bench',
    bans: [
      {
        test: under('test'),
        why: 'benchmarks run from the product (`fairbound bench`) and use its own code, not test helpers',
      },
      electron,
    ],
  },
  { folder: 'scripts', bans: [tests] },
];

function coreAdapters() {
  return {
    test: (t) => ['main/worker', 'main/cli', 'main/host'].some((f) => under(f)(t)),
    why: 'main/core does not depend on its adapters (the process host is injected by main/core/compose.ts)',
  };
}

/** The boundary that governs a repository-relative file path, or null (tests may import anything). */
export function boundaryOf(file) {
  return BOUNDARIES.find((b) => under(b.folder)(file)) ?? null;
}

/** A specifier as a repository path (relative ones) or as written (packages). */
export function resolveTarget(file, spec) {
  if (!spec.startsWith('.')) return spec;
  return path
    .relative(repoRoot, path.resolve(repoRoot, path.dirname(file), spec))
    .split(path.sep)
    .join('/');
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps every folder within its layer (see BOUNDARIES).' },
    messages: { banned: '{{file}} may not import "{{spec}}": {{why}}.' },
    schema: [],
  },
  create(context) {
    const file = path.relative(repoRoot, context.filename).split(path.sep).join('/');
    const boundary = boundaryOf(file);
    if (!boundary) return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const target = resolveTarget(file, source.value);
      const ban = boundary.bans.find((b) => b.test(target));
      if (ban) context.report({ node, messageId: 'banned', data: { file, spec: source.value, why: ban.why } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        )
          check(node, node.arguments[0]);
      },
    };
  },
};

export const boundariesPlugin = { meta: { name: 'fairbound' }, rules: { 'import-boundaries': rule } };
