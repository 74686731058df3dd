/** Channels of the datasets domain ("datasets:verb"). Filled in by the datasets work. */
export const datasetsChannels = {};

/** Events of the datasets domain pushed from main to the renderer. */
export const datasetsEvents = {};
