import { existsSync } from 'node:fs';

/**
 * The webgpu tests run tfjs-backend-webgpu on a real WebGPU adapter on any Linux machine: SwiftShader, the CPU Vulkan
 * driver that Debian's chromium package ships, found by Dawn through the Vulkan loader (libvulkan1). `.ci/run` installs
 * both and sets FAIRBOUND_REQUIRE_WEBGPU, so on CI a missing driver fails the run instead of skipping it.
 */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export const swiftShaderMissing = existsSync(SWIFTSHADER_ICD)
  ? null
  : `webgpu tests skipped: SwiftShader's Vulkan driver ${SWIFTSHADER_ICD} is absent (install Debian's chromium and libvulkan1)`;
