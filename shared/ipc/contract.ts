import type { z } from 'zod';
import { appChannels } from './channels/app.js';
import { auditChannels, auditEvents } from './channels/audit.js';
import { configsChannels, configsEvents } from './channels/configs.js';
import { datasetsChannels, datasetsEvents } from './channels/datasets.js';
import { modelsChannels } from './channels/models.js';
import { projectsChannels, projectsEvents } from './channels/projects.js';
import { settingsChannels } from './channels/settings.js';
import { trainingChannels, trainingEvents } from './channels/training.js';

/** The one IPC contract: every "domain:verb" request/response channel, with zod schemas. Types come from z.infer. */
export const contract = {
  ...appChannels,
  ...projectsChannels,
  ...datasetsChannels,
  ...trainingChannels,
  ...auditChannels,
  ...modelsChannels,
  ...configsChannels,
  ...settingsChannels,
};

/** Every event stream from main (payloads carry {jobId, seq} where they belong to a job). */
export const events = {
  ...projectsEvents,
  ...datasetsEvents,
  ...trainingEvents,
  ...auditEvents,
  ...configsEvents,
};

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E] extends z.ZodType ? z.output<Events[E]> : never;

export const CHANNELS = Object.keys(contract) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];
