import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './preload-bridge.js';

/** Channel and event names from shared/ipc/contract.ts, injected by scripts/build-main.mjs so zod stays out of the preload. */
declare const __FAIRBOUND_CHANNELS__: string[];
declare const __FAIRBOUND_EVENTS__: string[];

contextBridge.exposeInMainWorld(
  'fairbound',
  createBridge(ipcRenderer, webUtils, __FAIRBOUND_CHANNELS__, __FAIRBOUND_EVENTS__),
);
