/** Channels of the training domain ("training:verb"). Filled in by the training work. */
export const trainingChannels = {};

/** Events of the training domain pushed from main to the renderer. */
export const trainingEvents = {};
