import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node entry (tf-core.node.js) carries no gradient definitions, and its ESM side-effect module
// `dist/register_all_gradients.js` uses extensionless imports that Node's ESM resolver and vitest reject. This is that
// module bundled by esbuild (tfjs-core 4.22.0, Apache-2.0 licence kept at the end); it registers every gradient in
// tfjs's global registry, which the Node entry shares. Regenerate after a tfjs-core upgrade with:
//   npx esbuild node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js --bundle --format=esm \
//     --platform=node --minify --legal-comments=eof --outfile=main/core/engine/vendor/tfjs-gradients.js
// No published tfjs-core file registers the gradients in a form Node can load (the UMD bundle has none). The bundle
// reuses the global engine and gradient registry; test/main/core/engine/tf.test.ts checks that it registers every
// gradient of the installed tfjs-core there.
import './vendor/tfjs-gradients.js';

export { tf };
