/** Channels of the audit domain ("audit:verb"). Filled in by the audit work. */
export const auditChannels = {};

/** Events of the audit domain pushed from main to the renderer. */
export const auditEvents = {};
