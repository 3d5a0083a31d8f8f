#!/usr/bin/env node
// Writes API.md, the API reference of the package's entry points, from their JSDoc: TypeDoc with
// typedoc-plugin-markdown (settings in typedoc.json) renders one page per entry point, joined here
// into one file. The generated alicloud bindings are left out (their docs are the provider's).
// Usage: npm run docs (writes API.md) | node scripts/api-docs.js --check (exit 1 when API.md is stale;
// test/api-docs.test.ts runs it).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const API_MD = path.join(root, 'API.md');

/** The entry points TypeDoc documents (typedoc.json), with the import path users write. */
const ENTRIES = [
  { page: 'index.md', name: 'cdktf-alicloud-havip' },
  { page: 'testing.md', name: 'cdktf-alicloud-havip/testing' },
];

/** @returns {string} the API reference as it should read now */
function render() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-api-'));
  try {
    const typedoc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out, '--logLevel', 'Warn'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (typedoc.status !== 0) throw new Error(`typedoc failed (${typedoc.status}):\n${typedoc.stdout}${typedoc.stderr}`);
    const sections = ENTRIES.map(({ page, name }) => {
      const text = fs.readFileSync(path.join(out, page), 'utf8');
      const body = text.replace(/^# .*\n/, '').replace(/^(#{1,5}) /gm, '#$1 ');
      return `## \`${name}\`\n${body.trimEnd()}\n`;
    });
    return [
      '# API reference',
      '',
      '<!-- Generated from the JSDoc by `npm run docs` (TypeDoc, typedoc.json); do not edit. -->',
      '',
      'Entry points: ' + ENTRIES.map(({ name }) => `[\`${name}\`](#${name.replace(/[^a-z0-9-]/g, '')})`).join(', ') + '.',
      'The generated alicloud bindings (`cdktf-alicloud-havip/alicloud`, and the ones the main entry',
      're-exports) are documented by the provider: https://registry.terraform.io/providers/aliyun/alicloud/1.289.0/docs',
      '',
      ...sections,
    ].join('\n');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

module.exports = { render, API_MD };

if (require.main === module) {
  const text = render();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(API_MD) ? fs.readFileSync(API_MD, 'utf8') : '';
    if (current !== text) {
      console.error('API.md is not current: run `npm run docs` and commit API.md');
      process.exit(1);
    }
  } else {
    fs.writeFileSync(API_MD, text);
    console.log(`wrote ${path.relative(root, API_MD)} (${text.length} characters)`);
  }
}
