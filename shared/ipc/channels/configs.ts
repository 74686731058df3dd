/** Channels that move task configs between projects and files ("configs:verb"). Filled in by the CLI work. */
export const configsChannels = {};
export const configsEvents = {};
