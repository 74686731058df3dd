import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { FairboundBridge } from '../../../shared/ipc/bridge.js';
import { CHANNELS, EVENT_NAMES } from '../../../shared/ipc/contract.js';
import { createBridge, GRANT_PATH_CHANNEL, type IpcRendererLike } from '../../../main/electron/preload-bridge.js';
import { repoRoot } from '../../helpers/paths.js';

type Listener = (event: unknown, payload: unknown) => void;

function fakeIpc() {
  const invoked: [string, unknown][] = [];
  const sent: [string, unknown][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    send: (channel, payload) => void sent.push([channel, payload]),
    invoke: (channel, payload) => {
      invoked.push([channel, payload]);
      return Promise.resolve({ ok: true, data: channel });
    },
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown) =>
    listeners.get(channel)?.forEach((l) => l({ sender: 'ipc' }, payload));
  return { ipc, invoked, sent, listeners, emit };
}

const webUtils = { getPathForFile: (file: File) => `/home/user/${file.name}` };

describe('preload bridge', () => {
  it('forwards exactly the contract channels and throws on any other', async () => {
    const { ipc, invoked } = fakeIpc();
    const bridge = createBridge(ipc, webUtils, CHANNELS, EVENT_NAMES);
    for (const channel of CHANNELS) await bridge.invoke(channel, { x: 1 });
    expect(invoked.map(([c]) => c)).toEqual(CHANNELS);
    for (const bad of ['nope', 'electron-store-get-data', '__proto__', 'projects:list ', '']) {
      expect(() => bridge.invoke(bad, {}), bad).toThrow(/Unknown channel/);
    }
    expect(invoked).toHaveLength(CHANNELS.length);
  });

  it('subscribes only to contract events, hides the IPC event object, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const bridge = createBridge(ipc, webUtils, CHANNELS, EVENT_NAMES);
    const seen: unknown[][] = [];
    const off = bridge.on('projects:changed', (...args: unknown[]) => seen.push(args));
    emit('projects:changed', { id: 'a', removed: false });
    expect(seen).toEqual([[{ id: 'a', removed: false }]]);
    off();
    emit('projects:changed', { id: 'b', removed: false });
    expect(seen).toHaveLength(1);
    expect(listeners.get('projects:changed')?.size).toBe(0);
    expect(() => bridge.on('ipc-message', () => undefined)).toThrow(/Unknown event/);
  });

  it('is frozen and exposes only invoke, on and pathForFile', () => {
    const bridge = createBridge(fakeIpc().ipc, webUtils, CHANNELS, EVENT_NAMES);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    expect(bridge.pathForFile({ name: 'adult.csv' } as File)).toBe('/home/user/adult.csv');
  });

  it('reports each picked or dropped file to main as a grant, and nothing for a file without a path', () => {
    const { ipc, sent } = fakeIpc();
    const utils = {
      getPathForFile: (file: File) => (file.name === 'made-in-page.csv' ? '' : `/home/user/${file.name}`),
    };
    const bridge = createBridge(ipc, utils, CHANNELS, EVENT_NAMES);
    bridge.pathForFile({ name: 'adult.csv' } as File);
    bridge.pathForFile({ name: 'made-in-page.csv' } as File);
    expect(sent).toEqual([[GRANT_PATH_CHANNEL, '/home/user/adult.csv']]);
  });

  it('the built preload bundle exposes window.fairbound with exactly the contract channels', () => {
    const bundle = readFileSync(path.join(repoRoot, 'dist/electron/preload.cjs'), 'utf8');
    const exposed = new Map<string, FairboundBridge>();
    const { ipc, invoked } = fakeIpc();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: FairboundBridge) => exposed.set(key, api) },
      ipcRenderer: ipc,
      webUtils,
    };
    const requireFake = (name: string) => {
      if (name !== 'electron') throw new Error(`preload required ${name}: it must be one self-contained file`);
      return electron;
    };
    vm.runInNewContext(bundle, { require: requireFake, module: { exports: {} }, exports: {} });
    expect([...exposed.keys()]).toEqual(['fairbound']);
    const bridge = exposed.get('fairbound');
    if (bridge === undefined) throw new Error('nothing exposed');
    for (const channel of CHANNELS) void bridge.invoke(channel, {});
    expect(invoked.map(([c]) => c).sort()).toEqual([...CHANNELS].sort());
    expect(() => bridge.invoke('shell:openExternal', {})).toThrow(/Unknown channel/);
    for (const event of EVENT_NAMES) bridge.on(event, () => undefined)();
  });
});
