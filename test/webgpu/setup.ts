import { SWIFTSHADER_ICD, swiftShaderMissing } from './swiftshader.js';

// Point the Vulkan loader at SwiftShader before Dawn starts (this process and the engine processes it forks), unless
// the caller chose a driver.
if (swiftShaderMissing) {
  if (process.env.FAIRBOUND_REQUIRE_WEBGPU)
    throw new Error(`${swiftShaderMissing}; FAIRBOUND_REQUIRE_WEBGPU is set, so this is a failure`);
  console.warn(swiftShaderMissing);
} else {
  process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
}
