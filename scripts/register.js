// `node -r ./scripts/register.js file.ts`: runs TypeScript with @swc/core (type-stripping only;
// `npm run typecheck` does the type checking). Used by `npm run synth`, cdktf.json and the bench.
'use strict';
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

/** @param {NodeJS.Module} module @param {string} filename */
require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  });
  /** @type {NodeJS.Module & { _compile(code: string, filename: string): void }} */ (module)._compile(code, filename);
};
