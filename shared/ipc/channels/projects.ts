/** Channels of the projects domain ("projects:verb"). Filled in by the projects work. */
export const projectsChannels = {};

/** Events of the projects domain pushed from main to the renderer. */
export const projectsEvents = {};
